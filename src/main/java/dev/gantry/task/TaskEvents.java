package dev.gantry.task;

import dev.gantry.shared.ClusterId;
import java.util.List;
import java.util.Set;

/** Events the task feature publishes for the loops. */
public final class TaskEvents {

    private TaskEvents() {
    }

    /** Tasks were placed on, or asked to stop on, these instances: their host loops should run now. */
    public record HostWorkChanged(Set<String> instanceIds) {
    }

    /**
     * These tasks were just committed (PENDING) on their instances: they can be launched at once, without a host
     * pass to find them. The passes still find any whose launch this did not start (level-triggered).
     */
    public record TasksPlaced(ClusterId clusterId, List<Task> tasks) {
    }
}
