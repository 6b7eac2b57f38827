package dev.gantry.task;

import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import java.time.Instant;
import java.util.List;

/** A task row with its containers. A task is one-shot: a replacement is a new task. */
public record Task(
        String id,
        long clusterId,
        String containerInstanceId,
        long taskDefinitionId,
        Long serviceId,
        String deploymentId,
        String group,
        String startedBy,
        LastStatus lastStatus,
        DesiredStatus desiredStatus,
        HealthStatus healthStatus,
        int cpu,
        int memory,
        List<Integer> tcpPorts,
        List<Integer> udpPorts,
        String overridesJson,
        StopCode stopCode,
        /* why it stopped, the fact the circuit breaker counts; null for rows stopped by hand or not stopped */
        StopCause stopCause,
        String stoppedReason,
        String clientToken,
        String connectivity,
        Instant createdAt,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        Instant stoppingAt,
        Instant stoppedAt,
        Instant executionStoppedAt,
        long version,
        List<TaskContainer> containers,
        /* the lease epoch under which the scheduler launched it; null when not a scheduler's decision (RunTask) */
        Long launchEpoch) {

    public boolean stopped() {
        return lastStatus == LastStatus.STOPPED;
    }
}
