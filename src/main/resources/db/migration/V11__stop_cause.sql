-- Issue 11, item 2 (docs/design/task-model.md, "Why a task stopped").

-- Why a task stopped, as a closed set (TaskLifecycle.StopCause), next to the ECS stopCode it shows. The deployment
-- circuit breaker counts failed tasks by this fact; it used to match the stopped_reason sentence, so rewording the
-- sentence silently turned the count off.
ALTER TABLE task ADD COLUMN stop_cause varchar(32);

-- Rows stopped before this column existed: the cause follows from the stop code, and for a scheduler's stop from the
-- one sentence the health check replacement wrote (the last time that sentence is matched).
UPDATE task SET stop_cause = CASE
        WHEN stop_code = 'UserInitiated' THEN 'USER_REQUEST'
        WHEN stop_code = 'TaskFailedToStart' THEN 'FAILED_TO_START'
        WHEN stop_code = 'EssentialContainerExited' THEN 'ESSENTIAL_CONTAINER_EXITED'
        WHEN stop_code = 'ServiceSchedulerInitiated' AND stopped_reason = 'Task failed container health checks'
            THEN 'FAILED_HEALTH_CHECKS'
        WHEN stop_code = 'ServiceSchedulerInitiated' THEN 'SCHEDULER'
        WHEN stop_code = 'InfrastructureHealth' AND stopped_reason LIKE 'Container instance was deregistered%'
            THEN 'INSTANCE_DEREGISTERED'
        WHEN stop_code = 'InfrastructureHealth' THEN 'HOST_LOST'
    END
WHERE stop_code IS NOT NULL;

ALTER TABLE task
    ADD CONSTRAINT task_stop_cause_known CHECK (stop_cause IS NULL OR stop_cause IN ('USER_REQUEST', 'FAILED_TO_START',
        'ESSENTIAL_CONTAINER_EXITED', 'FAILED_HEALTH_CHECKS', 'SCHEDULER', 'HOST_LOST', 'INSTANCE_DEREGISTERED'));
