package dev.gantry.task;

import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import java.time.Instant;
import java.util.List;

/**
 * A task row with its containers. A task is one-shot: a replacement is a new task. Its six ids are typed, so a task id
 * cannot be passed where an instance id is expected.
 */
public record Task(
        TaskId id,
        ClusterId clusterId,
        /* null until placed (never in practice: a task row is written on its instance) */
        InstanceId containerInstanceId,
        TaskDefinitionId taskDefinitionId,
        /* null for a task RunTask or StartTask made */
        ServiceId serviceId,
        DeploymentId deploymentId,
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
