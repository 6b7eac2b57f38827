package dev.gantry.placement;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to place: {@code count} identical tasks of one group.
 *
 * @param group              the task group ({@code family:NAME} by default for RunTask)
 * @param serviceName        the service the tasks belong to, or {@code null} for standalone tasks;
 *                           spread, maxPerInstance and scale-in count the service's tasks when set
 * @param cpu                CPU units per task (see {@link TaskDemand} for how it is derived)
 * @param memory             memory MiB per task
 * @param tcpPorts           static host ports per task (dynamic port 0 is never listed)
 * @param requiredAttributes the task definition's {@code requiresAttributes} names
 * @param constraints        task-definition and request constraints combined (at most 10)
 * @param strategies         the chain to apply, empty meaning "caller has chosen no order" — use
 *                           {@link PlacementStrategy#SERVICE_DEFAULT} or {@link PlacementStrategy#RUN_TASK_DEFAULT}
 * @param seed               drives every random choice, so a decision can be reproduced
 */
public record PlacementRequest(
        String group,
        String serviceName,
        int cpu,
        int memory,
        Set<Integer> tcpPorts,
        Set<Integer> udpPorts,
        Set<String> requiredAttributes,
        List<PlacementConstraint> constraints,
        List<PlacementStrategy> strategies,
        int count,
        long seed) {

    public PlacementRequest {
        Objects.requireNonNull(group, "group");
        tcpPorts = Set.copyOf(tcpPorts);
        udpPorts = Set.copyOf(udpPorts);
        requiredAttributes = Set.copyOf(requiredAttributes);
        constraints = List.copyOf(constraints);
        strategies = List.copyOf(strategies);
        if (cpu < 0 || memory < 0 || count < 0) {
            throw new IllegalArgumentException("cpu, memory and count must not be negative");
        }
    }

    /** A request for {@code count} tasks of a group needing only CPU and memory; the rest empty. */
    public static PlacementRequest of(String group, int cpu, int memory, int count) {
        return new PlacementRequest(group, null, cpu, memory, Set.of(), Set.of(), Set.of(),
                List.of(), List.of(), count, 0L);
    }

    public PlacementRequest withService(String service) {
        return new PlacementRequest(group, service, cpu, memory, tcpPorts, udpPorts, requiredAttributes,
                constraints, strategies, count, seed);
    }

    public PlacementRequest withPorts(Set<Integer> tcp, Set<Integer> udp) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcp, udp, requiredAttributes,
                constraints, strategies, count, seed);
    }

    public PlacementRequest withRequiredAttributes(Set<String> names) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcpPorts, udpPorts, names,
                constraints, strategies, count, seed);
    }

    public PlacementRequest withConstraints(List<PlacementConstraint> list) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcpPorts, udpPorts, requiredAttributes,
                list, strategies, count, seed);
    }

    public PlacementRequest withStrategies(List<PlacementStrategy> list) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcpPorts, udpPorts, requiredAttributes,
                constraints, list, count, seed);
    }

    public PlacementRequest withCount(int n) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcpPorts, udpPorts, requiredAttributes,
                constraints, strategies, n, seed);
    }

    public PlacementRequest withSeed(long s) {
        return new PlacementRequest(group, serviceName, cpu, memory, tcpPorts, udpPorts, requiredAttributes,
                constraints, strategies, count, s);
    }

    /** The key spread, maxPerInstance and scale-in count by; must agree with {@link PlacedTask#countingKey()}. */
    String countingKey() {
        return PlacedTask.countingKey(serviceName, group);
    }
}
