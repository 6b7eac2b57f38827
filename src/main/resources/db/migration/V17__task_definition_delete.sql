-- DeleteTaskDefinitions (#13): an INACTIVE revision becomes DELETE_IN_PROGRESS with the time of the request, and is
-- removed once no task or service row refers to it any more (their foreign keys decide). V3's status column was
-- too short for 'DELETE_IN_PROGRESS' (18 characters), which its CHECK already allowed; widening a varchar does not
-- rewrite the table.
ALTER TABLE task_definition ALTER COLUMN status TYPE varchar(32);
ALTER TABLE task_definition ADD COLUMN delete_requested_at timestamptz;
