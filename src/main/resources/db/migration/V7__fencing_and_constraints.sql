-- Issue #10 items 5 and 6.
--
-- Item 5, fencing: the lease epoch under which the scheduler decided a task's launch or stop is kept on the task
-- row (the intent a host acts on), so a write of a deposed leader can be told apart and none is ever accepted.
-- Null: not a lease-holder decision (RunTask, StopTask from the API, a host's own observation).
ALTER TABLE task ADD COLUMN launch_epoch bigint;
ALTER TABLE task ADD COLUMN stop_epoch bigint;

ALTER TABLE cluster_lease ADD CONSTRAINT cluster_lease_epoch_positive CHECK (epoch >= 1);

-- Item 6, states that must not be representable.
--
-- Exactly one PRIMARY deployment per service. Older versions could leave two (two writers racing) or none (a crash
-- in the middle of the three autocommit writes of a circuit-breaker rollback); repair both before the index: the
-- newest PRIMARY stays, the others become ACTIVE (they keep their tasks until replaced); a live service without one
-- gets its newest non-INACTIVE deployment back as PRIMARY.
UPDATE service_deployment d SET status = 'ACTIVE', updated_at = now(), version = version + 1
WHERE d.status = 'PRIMARY' AND EXISTS (
    SELECT 1 FROM service_deployment n WHERE n.service_id = d.service_id AND n.status = 'PRIMARY'
      AND (n.created_at, n.id) > (d.created_at, d.id));

UPDATE service_deployment d SET status = 'PRIMARY', updated_at = now(), version = version + 1
WHERE d.id IN (
    SELECT DISTINCT ON (x.service_id) x.id FROM service_deployment x JOIN service s ON s.id = x.service_id
    WHERE s.status <> 'INACTIVE' AND x.status <> 'INACTIVE'
      AND NOT EXISTS (SELECT 1 FROM service_deployment p WHERE p.service_id = x.service_id AND p.status = 'PRIMARY')
    ORDER BY x.service_id, x.created_at DESC, x.id DESC);

CREATE UNIQUE INDEX service_deployment_one_primary ON service_deployment (service_id) WHERE status = 'PRIMARY';

ALTER TABLE service_deployment
    ADD CONSTRAINT service_deployment_desired_count_nonnegative CHECK (desired_count >= 0),
    ADD CONSTRAINT service_deployment_failed_tasks_nonnegative CHECK (failed_tasks >= 0);

-- A task's statuses are the lifecycle's values (TaskLifecycle); a STOPPED task is desired STOPPED and has its time.
UPDATE task SET desired_status = 'STOPPED' WHERE last_status = 'STOPPED' AND desired_status <> 'STOPPED';
UPDATE task SET stopped_at = coalesce(execution_stopped_at, stopping_at, created_at)
WHERE last_status = 'STOPPED' AND stopped_at IS NULL;

ALTER TABLE task
    ADD CONSTRAINT task_last_status_known CHECK (last_status IN ('PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING',
        'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED')),
    ADD CONSTRAINT task_health_status_known CHECK (health_status IN ('HEALTHY', 'UNHEALTHY', 'UNKNOWN')),
    ADD CONSTRAINT task_stop_code_known CHECK (stop_code IS NULL OR stop_code IN ('TaskFailedToStart',
        'EssentialContainerExited', 'UserInitiated', 'ServiceSchedulerInitiated', 'SpotInterruption', 'TerminationNotice',
        'InfrastructureHealth')),
    ADD CONSTRAINT task_stopped_is_desired_stopped CHECK (last_status <> 'STOPPED' OR desired_status = 'STOPPED'),
    ADD CONSTRAINT task_stopped_has_time CHECK (last_status <> 'STOPPED' OR stopped_at IS NOT NULL),
    ADD CONSTRAINT task_resources_nonnegative CHECK (cpu >= 0 AND memory >= 0);

ALTER TABLE task_container
    ADD CONSTRAINT task_container_last_status_known CHECK (last_status IN ('PENDING', 'RUNNING', 'STOPPED')),
    ADD CONSTRAINT task_container_health_status_known CHECK (health_status IN ('HEALTHY', 'UNHEALTHY', 'UNKNOWN'));
