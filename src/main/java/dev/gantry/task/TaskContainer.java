package dev.gantry.task;

import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.shared.TaskId;
import java.util.List;

/** One container of a task as last observed on its host. */
public record TaskContainer(
        TaskId taskId,
        String name,
        String containerId,
        String image,
        String imageDigest,
        String runtimeId,
        boolean essential,
        ContainerStatus lastStatus,
        Integer exitCode,
        String reason,
        HealthStatus healthStatus,
        List<NetworkBinding> networkBindings,
        int cpu,
        Integer memory,
        Integer memoryReservation) {

    public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {
    }
}
