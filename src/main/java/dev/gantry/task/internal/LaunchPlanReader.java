package dev.gantry.task.internal;

import dev.gantry.docker.ContainerSpec;
import dev.gantry.task.LaunchPlan;
import dev.gantry.task.LaunchPlan.ContainerPlan;
import dev.gantry.task.TaskOverride;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a registered task definition document (ECS JSON, already validated and normalised at
 * registration) into a {@link LaunchPlan}, applying RunTask overrides as ECS does: command and
 * environment per container (override entries win by name), cpu/memory per container and task.
 */
public final class LaunchPlanReader {

    private LaunchPlanReader() {
    }

    public static LaunchPlan read(JsonNode doc, TaskOverride overrides) {
        Map<String, TaskOverride.ContainerOverride> byName = new LinkedHashMap<>();
        if (overrides != null && overrides.containerOverrides() != null) {
            overrides.containerOverrides().forEach(o -> byName.put(o.name(), o));
        }
        List<ContainerPlan> containers = new ArrayList<>();
        String pidMode = text(doc.path("pidMode"));
        String ipcMode = text(doc.path("ipcMode"));
        for (JsonNode c : doc.path("containerDefinitions")) {
            containers.add(container(c, byName.get(c.path("name").asString()), pidMode, ipcMode));
        }
        Map<String, LaunchPlan.Volume> volumes = new LinkedHashMap<>();
        for (JsonNode v : doc.path("volumes")) {
            String name = v.path("name").asString();
            JsonNode docker = v.path("dockerVolumeConfiguration");
            boolean dockerVolume = !docker.isMissingNode() && !docker.isNull();
            String scope = docker.path("scope").asString("task");
            // ECS: a shared volume is created only with autoprovision; otherwise it must already exist
            boolean mustExist = "shared".equals(scope) && !docker.path("autoprovision").asBoolean(false);
            volumes.put(name, new LaunchPlan.Volume(name, text(v.path("host").path("sourcePath")), dockerVolume,
                    scope, dockerVolume ? new ContainerSpec.VolumeConfig(text(docker.path("driver")),
                            stringMap(docker.path("driverOpts")), stringMap(docker.path("labels")), mustExist) : null));
        }
        List<String> expressions = new ArrayList<>();
        for (JsonNode pc : doc.path("placementConstraints")) {
            if ("memberOf".equals(pc.path("type").asString()) && pc.hasNonNull("expression")) {
                expressions.add(pc.path("expression").asString());
            }
        }
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode a : doc.path("requiresAttributes")) {
            required.add(a.path("name").asString());
        }
        Integer taskCpu = overrides != null && overrides.cpu() != null ? Integer.valueOf(overrides.cpu()) : intOrNull(doc.path("cpu"));
        Integer taskMemory = overrides != null && overrides.memory() != null ? Integer.valueOf(overrides.memory())
                : intOrNull(doc.path("memory"));
        return new LaunchPlan(doc.path("family").asString(), doc.path("revision").asInt(),
                doc.path("networkMode").asString("bridge"), taskCpu, taskMemory, List.copyOf(containers), volumes,
                expressions, required);
    }

    private static ContainerPlan container(JsonNode c, TaskOverride.ContainerOverride o, String pidMode,
            String ipcMode) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : c.path("environment")) {
            env.put(e.path("name").asString(), e.path("value").asString(""));
        }
        List<String> command = strings(c.path("command"));
        Integer cpu = intOrNull(c.path("cpu"));
        Integer memory = intOrNull(c.path("memory"));
        Integer reservation = intOrNull(c.path("memoryReservation"));
        if (o != null) {
            if (o.environment() != null) {
                o.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
            }
            command = o.command() != null ? List.copyOf(o.command()) : command;
            cpu = o.cpu() != null ? o.cpu() : cpu;
            memory = o.memory() != null ? o.memory() : memory;
            reservation = o.memoryReservation() != null ? o.memoryReservation() : reservation;
        }
        return new ContainerPlan(c.path("name").asString(), c.path("image").asString(),
                c.path("essential").asBoolean(true), cpu == null ? 0 : cpu, memory, reservation, ports(c),
                strings(c.path("entryPoint")), command, env, healthCheck(c.path("healthCheck")), dependencies(c),
                text(c.path("user")), text(c.path("workingDirectory")), ulimits(c),
                c.path("readonlyRootFilesystem").asBoolean(false), intOrNull(c.path("stopTimeout")),
                intOrNull(c.path("startTimeout")), mounts(c), labels(c), text(c.path("hostname")),
                c.path("privileged").asBoolean(false), runtime(c, pidMode, ipcMode));
    }

    /**
     * The settings Docker applies as they are. pidMode/ipcMode are task-level in ECS and apply to every
     * container; registration refuses {@code task} (no shared namespace container on Gantry), so only
     * {@code host} and {@code none} reach here. Links and volumesFrom still name task containers.
     */
    private static ContainerSpec.Runtime runtime(JsonNode c, String pidMode, String ipcMode) {
        JsonNode linux = c.path("linuxParameters");
        JsonNode caps = linux.path("capabilities");
        List<String> extraHosts = new ArrayList<>();
        for (JsonNode h : c.path("extraHosts")) {
            extraHosts.add(h.path("hostname").asString() + ":" + h.path("ipAddress").asString());
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (JsonNode t : linux.path("tmpfs")) {
            List<String> options = new ArrayList<>();
            if (t.hasNonNull("size")) {
                options.add("size=" + t.path("size").asInt() + "m");
            }
            options.addAll(strings(t.path("mountOptions")));
            tmpfs.put(t.path("containerPath").asString(), String.join(",", options));
        }
        List<ContainerSpec.VolumeFrom> volumesFrom = new ArrayList<>();
        for (JsonNode v : c.path("volumesFrom")) {
            volumesFrom.add(new ContainerSpec.VolumeFrom(v.path("sourceContainer").asString(),
                    v.path("readOnly").asBoolean(false)));
        }
        JsonNode log = c.path("logConfiguration");
        ContainerSpec.LogConfig logConfig = log.hasNonNull("logDriver")
                ? new ContainerSpec.LogConfig(log.path("logDriver").asString(), stringMap(log.path("options"))) : null;
        return new ContainerSpec.Runtime(strings(caps.path("add")), strings(caps.path("drop")),
                strings(c.path("dockerSecurityOptions")), c.path("disableNetworking").asBoolean(false),
                "host".equals(pidMode) ? "host" : null,
                "host".equals(ipcMode) || "none".equals(ipcMode) ? ipcMode : null, logConfig,
                strings(c.path("dnsServers")), strings(c.path("dnsSearchDomains")), List.copyOf(extraHosts),
                linux.path("initProcessEnabled").asBoolean(false), intOrNull(linux.path("sharedMemorySize")),
                Map.copyOf(tmpfs), intOrNull(linux.path("maxSwap")), intOrNull(linux.path("swappiness")),
                c.path("interactive").asBoolean(false), c.path("pseudoTerminal").asBoolean(false),
                strings(c.path("links")), List.copyOf(volumesFrom));
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString("")));
        return Map.copyOf(map);
    }

    private static List<LaunchPlan.PortMapping> ports(JsonNode c) {
        List<LaunchPlan.PortMapping> ports = new ArrayList<>();
        for (JsonNode p : c.path("portMappings")) {
            ports.add(new LaunchPlan.PortMapping(p.path("containerPort").asInt(), intOrNull(p.path("hostPort")),
                    p.path("protocol").asString("tcp")));
        }
        return List.copyOf(ports);
    }

    private static LaunchPlan.HealthCheck healthCheck(JsonNode h) {
        if (h.isMissingNode() || h.isNull()) {
            return null;
        }
        return new LaunchPlan.HealthCheck(strings(h.path("command")), h.path("interval").asInt(30),
                h.path("timeout").asInt(5), h.path("retries").asInt(3), h.path("startPeriod").asInt(0));
    }

    private static List<LaunchPlan.Dependency> dependencies(JsonNode c) {
        List<LaunchPlan.Dependency> deps = new ArrayList<>();
        for (JsonNode d : c.path("dependsOn")) {
            deps.add(new LaunchPlan.Dependency(d.path("containerName").asString(), d.path("condition").asString("START")));
        }
        return List.copyOf(deps);
    }

    private static List<LaunchPlan.Ulimit> ulimits(JsonNode c) {
        List<LaunchPlan.Ulimit> limits = new ArrayList<>();
        for (JsonNode u : c.path("ulimits")) {
            limits.add(new LaunchPlan.Ulimit(u.path("name").asString(), u.path("softLimit").asLong(),
                    u.path("hardLimit").asLong()));
        }
        return List.copyOf(limits);
    }

    private static List<LaunchPlan.MountPoint> mounts(JsonNode c) {
        List<LaunchPlan.MountPoint> mounts = new ArrayList<>();
        for (JsonNode m : c.path("mountPoints")) {
            mounts.add(new LaunchPlan.MountPoint(m.path("sourceVolume").asString(), m.path("containerPath").asString(),
                    m.path("readOnly").asBoolean(false)));
        }
        return List.copyOf(mounts);
    }

    private static Map<String, String> labels(JsonNode c) {
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("dockerLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asString()));
        return List.copyOf(list);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asString();
    }

    private static Integer intOrNull(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isString()) {
            String s = n.asString().trim();
            return s.isEmpty() ? null : Integer.valueOf(s);
        }
        return n.asInt();
    }
}
