-- ECS resource tags of a service (CreateService, TagResource), a JSON array of {"key", "value"} as the cluster's
-- tags column holds them.
ALTER TABLE service ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
