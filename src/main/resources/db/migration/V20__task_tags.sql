-- ECS resource tags of a task (RunTask, StartTask, TagResource), a JSON array of {"key", "value"} as the
-- cluster's tags column holds them.
ALTER TABLE task ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
