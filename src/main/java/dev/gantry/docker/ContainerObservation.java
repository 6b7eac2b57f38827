package dev.gantry.docker;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container as the engine reports it. {@code state} is Docker's: created, running, paused,
 * restarting, removing, exited, dead. {@code health} is healthy, unhealthy, starting, or null
 * when the container has no health check.
 */
public record ContainerObservation(
        String id,
        String name,
        String image,
        String imageId,
        Map<String, String> labels,
        String state,
        Integer exitCode,
        boolean oomKilled,
        String error,
        String health,
        Instant startedAt,
        Instant finishedAt,
        List<Binding> bindings) {

    public record Binding(int containerPort, int hostPort, String hostIp, String protocol) {
    }

    public boolean running() {
        return "running".equals(state) || "restarting".equals(state) || "paused".equals(state);
    }

    public boolean finished() {
        return "exited".equals(state) || "dead".equals(state);
    }
}
