package dev.gantry.task.internal;

import dev.gantry.docker.ContainerSpec;
import dev.gantry.task.LaunchPlan;
import dev.gantry.task.LaunchPlan.ContainerPlan;
import dev.gantry.task.TaskOverride;
import dev.gantry.taskdef.ContainerDefinition;
import dev.gantry.taskdef.NetworkMode;
import dev.gantry.taskdef.PlacementConstraint;
import dev.gantry.taskdef.RegisterTaskDefinitionRequest.IpcMode;
import dev.gantry.taskdef.RegisterTaskDefinitionRequest.PidMode;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a registered {@link TaskDefinition} (the typed model, with registration's defaults already applied) into a
 * {@link LaunchPlan}, applying RunTask overrides as ECS does: command and environment per container (override
 * entries win by name), cpu/memory per container and task. The defaults are the task definition's own
 * ({@link ContainerDefinition#withDefaults}, idempotent on a registered revision); none are invented here.
 */
public final class LaunchPlanReader {

    private LaunchPlanReader() {
    }

    public static LaunchPlan read(TaskDefinition definition, TaskOverride overrides) {
        Map<String, TaskOverride.ContainerOverride> byName = new LinkedHashMap<>();
        if (overrides != null && overrides.containerOverrides() != null) {
            overrides.containerOverrides().forEach(o -> byName.put(o.name(), o));
        }
        NetworkMode mode = definition.networkMode() == null ? NetworkMode.BRIDGE : definition.networkMode();
        List<ContainerPlan> containers = new ArrayList<>();
        for (ContainerDefinition c : orEmpty(definition.containerDefinitions())) {
            containers.add(container(c.withDefaults(mode), byName.get(c.name()), definition.pidMode(),
                    definition.ipcMode()));
        }
        Map<String, LaunchPlan.Volume> volumes = new LinkedHashMap<>();
        for (Volume v : orEmpty(definition.volumes())) {
            volumes.put(v.name(), volume(v));
        }
        List<String> expressions = new ArrayList<>();
        for (PlacementConstraint pc : orEmpty(definition.placementConstraints())) {
            if (pc.type() == PlacementConstraint.Type.MEMBER_OF && pc.expression() != null) {
                expressions.add(pc.expression());
            }
        }
        Set<String> required = new LinkedHashSet<>();
        orEmpty(definition.requiresAttributes()).forEach(a -> required.add(a.name()));
        Integer taskCpu = overrides != null && overrides.cpu() != null ? Integer.valueOf(overrides.cpu()) : definition.cpu();
        Integer taskMemory = overrides != null && overrides.memory() != null ? Integer.valueOf(overrides.memory())
                : definition.memory();
        return new LaunchPlan(definition.family(), definition.revision(), mode, taskCpu, taskMemory,
                List.copyOf(containers), volumes, expressions, required);
    }

    private static LaunchPlan.Volume volume(Volume v) {
        Volume.DockerVolumeConfiguration docker = v.dockerVolumeConfiguration();
        String hostPath = v.host() == null ? null : v.host().sourcePath();
        if (docker == null) {
            return new LaunchPlan.Volume(v.name(), hostPath, false, Volume.Scope.TASK, null);
        }
        Volume.Scope scope = docker.scopeOrDefault();
        // ECS: a shared volume is created only with autoprovision; otherwise it must already exist
        boolean mustExist = scope == Volume.Scope.SHARED && !Boolean.TRUE.equals(docker.autoprovision());
        return new LaunchPlan.Volume(v.name(), hostPath, true, scope, new ContainerSpec.VolumeConfig(docker.driver(),
                stringMap(docker.driverOpts()), stringMap(docker.labels()), mustExist));
    }

    private static ContainerPlan container(ContainerDefinition c, TaskOverride.ContainerOverride o, PidMode pidMode,
            IpcMode ipcMode) {
        Map<String, String> env = new LinkedHashMap<>();
        orEmpty(c.environment()).forEach(e -> env.put(e.name(), e.value() == null ? "" : e.value()));
        List<String> command = strings(c.command());
        Integer cpu = c.cpu();
        Integer memory = c.memory();
        Integer reservation = c.memoryReservation();
        if (o != null) {
            if (o.environment() != null) {
                o.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
            }
            command = o.command() != null ? List.copyOf(o.command()) : command;
            cpu = o.cpu() != null ? o.cpu() : cpu;
            memory = o.memory() != null ? o.memory() : memory;
            reservation = o.memoryReservation() != null ? o.memoryReservation() : reservation;
        }
        return new ContainerPlan(c.name(), c.image(), c.essentialOrDefault(), cpu == null ? 0 : cpu, memory,
                reservation, ports(c), strings(c.entryPoint()), command, env, healthCheck(c.healthCheck()),
                dependencies(c), c.user(), c.workingDirectory(), ulimits(c), isTrue(c.readonlyRootFilesystem()),
                c.stopTimeout(), c.startTimeout(), mounts(c), stringMap(c.dockerLabels()), c.hostname(),
                isTrue(c.privileged()), runtime(c, pidMode, ipcMode));
    }

    /**
     * The settings Docker applies as they are. pidMode/ipcMode are task-level in ECS and apply to every
     * container; registration refuses {@code task} (no shared namespace container on Gantry), so only
     * {@code host} and {@code none} reach here. Links and volumesFrom still name task containers.
     */
    private static ContainerSpec.Runtime runtime(ContainerDefinition c, PidMode pidMode, IpcMode ipcMode) {
        ContainerDefinition.LinuxParameters linux = c.linuxParameters();
        ContainerDefinition.KernelCapabilities caps = linux == null ? null : linux.capabilities();
        List<String> extraHosts = orEmpty(c.extraHosts()).stream().map(h -> h.hostname() + ":" + h.ipAddress()).toList();
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (ContainerDefinition.Tmpfs t : linux == null ? List.<ContainerDefinition.Tmpfs>of() : orEmpty(linux.tmpfs())) {
            List<String> options = new ArrayList<>();
            if (t.size() != null) {
                options.add("size=" + t.size() + "m");
            }
            options.addAll(strings(t.mountOptions()));
            tmpfs.put(t.containerPath(), String.join(",", options));
        }
        List<ContainerSpec.VolumeFrom> volumesFrom = orEmpty(c.volumesFrom()).stream()
                .map(v -> new ContainerSpec.VolumeFrom(v.sourceContainer(), isTrue(v.readOnly()))).toList();
        ContainerDefinition.LogConfiguration log = c.logConfiguration();
        ContainerSpec.LogConfig logConfig = log != null && log.logDriver() != null
                ? new ContainerSpec.LogConfig(log.logDriver(), stringMap(log.options())) : null;
        return new ContainerSpec.Runtime(strings(caps == null ? null : caps.add()),
                strings(caps == null ? null : caps.drop()), strings(c.dockerSecurityOptions()),
                isTrue(c.disableNetworking()), pidMode == PidMode.HOST ? "host" : null,
                ipcMode == IpcMode.HOST ? "host" : ipcMode == IpcMode.NONE ? "none" : null, logConfig,
                strings(c.dnsServers()), strings(c.dnsSearchDomains()), List.copyOf(extraHosts),
                linux != null && isTrue(linux.initProcessEnabled()), linux == null ? null : linux.sharedMemorySize(),
                Map.copyOf(tmpfs), linux == null ? null : linux.maxSwap(), linux == null ? null : linux.swappiness(),
                isTrue(c.interactive()), isTrue(c.pseudoTerminal()), strings(c.links()), volumesFrom);
    }

    private static List<LaunchPlan.PortMapping> ports(ContainerDefinition c) {
        return orEmpty(c.portMappings()).stream()
                .map(p -> new LaunchPlan.PortMapping(p.containerPort(), p.hostPort(), p.protocol())).toList();
    }

    private static LaunchPlan.HealthCheck healthCheck(dev.gantry.taskdef.HealthCheck h) {
        return h == null ? null : new LaunchPlan.HealthCheck(strings(h.command()), h.interval(), h.timeout(),
                h.retries(), h.startPeriod());
    }

    private static List<LaunchPlan.Dependency> dependencies(ContainerDefinition c) {
        return orEmpty(c.dependsOn()).stream()
                .map(d -> new LaunchPlan.Dependency(d.containerName(), d.condition())).toList();
    }

    private static List<LaunchPlan.Ulimit> ulimits(ContainerDefinition c) {
        return orEmpty(c.ulimits()).stream().map(u -> new LaunchPlan.Ulimit(u.name(),
                u.softLimit() == null ? 0 : u.softLimit(), u.hardLimit() == null ? 0 : u.hardLimit())).toList();
    }

    private static List<LaunchPlan.MountPoint> mounts(ContainerDefinition c) {
        return orEmpty(c.mountPoints()).stream().map(m -> new LaunchPlan.MountPoint(m.sourceVolume(),
                m.containerPath(), isTrue(m.readOnly()))).toList();
    }

    /** Null values become empty strings (Docker labels, driver options and log options are never null). */
    private static Map<String, String> stringMap(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        }
        return copy;
    }

    private static List<String> strings(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
