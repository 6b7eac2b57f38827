-- ECS resource tags of a container instance (RegisterContainerInstance, TagResource), a JSON array of
-- {"key", "value"} as the cluster's tags column holds them.
ALTER TABLE container_instance ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
