package dev.gantry.task;

import java.util.Set;

/** Events the task feature publishes for the loops. */
public final class TaskEvents {

    private TaskEvents() {
    }

    /** Tasks were placed on, or asked to stop on, these instances: their host loops should run now. */
    public record HostWorkChanged(Set<String> instanceIds) {
    }
}
