-- The Docker ID last seen at an instance's endpoint when it differs from the registered engine_id: the host was
-- reinstalled or replaced. While set, the instance stays disconnected (never adopted silently) until the
-- registered engine answers again or the operator deregisters it and registers the new engine.
ALTER TABLE container_instance ADD COLUMN engine_replaced_by varchar(255);
