-- Columns nothing ever wrote or read: service.created_by and task.connectivity_at were always null,
-- service.launch_failures always 0 and service.next_launch_at always null (the crash-loop throttle is computed
-- from the tasks' own stop records instead). A column that is always empty invites readers to trust it.
ALTER TABLE service DROP COLUMN created_by;
ALTER TABLE service DROP COLUMN launch_failures;
ALTER TABLE service DROP COLUMN next_launch_at;
ALTER TABLE task DROP COLUMN connectivity_at;
