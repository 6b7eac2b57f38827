package dev.gantry.placement;

import java.util.Objects;

/**
 * A non-stopped task already on an instance, as placement needs to see it.
 *
 * @param group       the task group ({@code service:NAME} or {@code family:NAME} by default)
 * @param serviceName the owning service, or {@code null} for a standalone task
 * @param cpu         the CPU units it reserves (needed to rank binpack scale-in victims)
 * @param memory      the memory MiB it reserves
 */
public record PlacedTask(String taskId, String group, String family, String serviceName, int cpu, int memory) {
    public PlacedTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(group, "group");
    }

    /** The key spread, maxPerInstance and scale-in count by: the service if any, else the group. */
    String countingKey() {
        return countingKey(serviceName, group);
    }

    static String countingKey(String serviceName, String group) {
        return serviceName != null ? "service\u0000" + serviceName : "group\u0000" + group;
    }
}
