package dev.gantry.task;

import dev.gantry.docker.ContainerSpec;
import dev.gantry.taskdef.ContainerDefinition.ContainerDependency.Condition;
import dev.gantry.taskdef.NetworkMode;
import dev.gantry.taskdef.PortMapping.Protocol;
import dev.gantry.taskdef.Volume.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What launching one task needs, read from the registered, typed task definition with the RunTask overrides
 * applied. Pure data plus the ECS resource arithmetic.
 */
public record LaunchPlan(
        String family,
        int revision,
        NetworkMode networkMode,
        Integer taskCpu,
        Integer taskMemory,
        List<ContainerPlan> containers,
        Map<String, Volume> volumes,
        List<String> placementConstraintExpressions,
        Set<String> requiredAttributes) {

    public record ContainerPlan(
            String name,
            String image,
            boolean essential,
            int cpu,
            Integer memory,
            Integer memoryReservation,
            List<PortMapping> portMappings,
            List<String> entryPoint,
            List<String> command,
            Map<String, String> environment,
            HealthCheck healthCheck,
            List<Dependency> dependsOn,
            String user,
            String workingDirectory,
            List<Ulimit> ulimits,
            boolean readonlyRootFilesystem,
            Integer stopTimeout,
            Integer startTimeout,
            List<MountPoint> mountPoints,
            Map<String, String> dockerLabels,
            String hostname,
            boolean privileged,
            ContainerSpec.Runtime runtime) {
    }

    public record PortMapping(int containerPort, Integer hostPort, Protocol protocol) {
    }

    public record HealthCheck(List<String> command, int interval, int timeout, int retries, int startPeriod) {
    }

    public record Dependency(String containerName, Condition condition) {
    }

    public record Ulimit(String name, long softLimit, long hardLimit) {
    }

    public record MountPoint(String sourceVolume, String containerPath, boolean readOnly) {
    }

    /**
     * hostPath for a bind mount; otherwise a Docker volume (scope task: per task; shared: by name), created
     * with {@code config}'s driver, options and labels (null: local driver).
     */
    public record Volume(String name, String hostPath, boolean dockerVolume, Scope scope,
            ContainerSpec.VolumeConfig config) {
    }

    /** CPU units reserved: task-level cpu if set, else the sum of container cpu. */
    public int reservedCpu() {
        return taskCpu != null ? taskCpu : containers.stream().mapToInt(ContainerPlan::cpu).sum();
    }

    /** Memory reserved: task-level memory if set, else per container memoryReservation, else memory. */
    public int reservedMemory() {
        if (taskMemory != null) {
            return taskMemory;
        }
        return containers.stream().mapToInt(c -> c.memoryReservation() != null ? c.memoryReservation()
                : c.memory() != null ? c.memory() : 0).sum();
    }

    /** Static host ports of one protocol; host network mode reserves the container port itself. */
    public List<Integer> staticHostPorts(Protocol protocol) {
        List<Integer> ports = new ArrayList<>();
        for (ContainerPlan c : containers) {
            for (PortMapping p : c.portMappings()) {
                if (protocol != p.protocol()) {
                    continue;
                }
                if (networkMode == NetworkMode.HOST) {
                    ports.add(p.containerPort());
                } else if (p.hostPort() != null && p.hostPort() > 0) {
                    ports.add(p.hostPort());
                }
            }
        }
        return ports;
    }

    /** Container names in an order where every container comes after the ones it depends on. */
    public List<ContainerPlan> startOrder() {
        Map<String, ContainerPlan> byName = new LinkedHashMap<>();
        containers.forEach(c -> byName.put(c.name(), c));
        List<ContainerPlan> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < containers.size()) {
            boolean progressed = false;
            for (ContainerPlan c : containers) {
                if (!placed.contains(c.name()) && c.dependsOn().stream()
                        .allMatch(d -> placed.contains(d.containerName()) || !byName.containsKey(d.containerName()))) {
                    ordered.add(c);
                    placed.add(c.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("dependsOn has a cycle; registration should have refused it");
            }
        }
        return ordered;
    }
}
