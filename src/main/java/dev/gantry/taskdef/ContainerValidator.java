package dev.gantry.taskdef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-container rules of {@link TaskDefinitionValidator}:
 * <ul>
 * <li>name: unique, 1–255 letters, digits, {@code _}, {@code -}; image: required, no whitespace.
 * <li>memory: without task-level memory every container sets memory or memoryReservation; each at
 *     least 6 MiB; memory greater than memoryReservation; neither above the task memory.
 * <li>cpu: at least 0; their sum not above the task cpu.
 * <li>at least one container is essential.
 * <li>ports (see {@link PortRules}); links only in bridge mode; mountPoints name declared volumes;
 *     volumesFrom names another container; ulimits from the ECS list with soft ≤ hard.
 * <li>healthCheck: command starts with CMD or CMD-SHELL; interval 5–300, timeout 2–60, retries 1–10,
 *     startPeriod 0–300.
 * <li>stopTimeout 0–120 s (ECS's cap); startTimeout 0–600 s.
 * <li>dependsOn (see {@link DependencyRules}).
 * </ul>
 */
final class ContainerValidator {

    static final Set<String> ULIMIT_NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    static final Set<String> LOG_DRIVERS = Set.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs",
            "splunk", "awsfirelens");
    /** The capability names ECS accepts in linuxParameters.capabilities (without CAP_). */
    static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_WRITE", "BLOCK_SUSPEND", "CHOWN",
            "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
            "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE",
            "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG",
            "WAKE_ALARM");

    /** ECS's cap: a stop never waits more than two minutes between SIGTERM and SIGKILL. */
    static final int MAX_STOP_TIMEOUT_SECONDS = 120;
    /**
     * ECS caps startTimeout at 120 s on Fargate; on EC2 the agent's default is 3 minutes, which
     * Gantry keeps (reconciler default-start-timeout 180s), so the cap is above it: 10 minutes.
     */
    static final int MAX_START_TIMEOUT_SECONDS = 600;

    private final List<ContainerDefinition> containers;
    private final NetworkMode mode;
    private final Integer taskCpu;
    private final Integer taskMemory;
    private final Set<String> volumeNames;
    private final Problems problems;

    ContainerValidator(List<ContainerDefinition> containers, NetworkMode mode, Integer taskCpu, Integer taskMemory,
            Set<String> volumeNames, Problems problems) {
        this.containers = containers;
        this.mode = mode;
        this.taskCpu = taskCpu;
        this.taskMemory = taskMemory;
        this.volumeNames = volumeNames;
        this.problems = problems;
    }

    void validate() {
        Map<String, ContainerDefinition> byName = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            String path = "containerDefinitions[" + i + "]";
            if (!problems.require(c != null, path, "must be a container definition")) {
                continue;
            }
            if (problems.require(c.name() != null && c.name().matches(TaskDefinitionReference.FAMILY_PATTERN),
                    path + ".name", "must be 1-255 letters, digits, hyphens and underscores")) {
                problems.require(byName.putIfAbsent(c.name(), c) == null, path + ".name",
                        "duplicates container '" + c.name() + "'; container names must be unique");
            }
            // ECS's own words for a missing image, which scripts written against ECS look for
            if (problems.require(c.image() != null && !c.image().isBlank(), path + ".image",
                    "Container.image should not be null or empty.")) {
                problems.require(!c.image().matches(".*\\s.*") && c.image().length() <= 1024, path + ".image",
                        "must be an image reference such as nginx:1.27");
            }
            checkMemory(c, path);
            checkReservedLabels(c.dockerLabels(), path + ".dockerLabels", problems);
            checkContainerParts(c, path);
            checkHealthCheck(c.healthCheck(), path + ".healthCheck");
        }
        problems.require(containers.stream().anyMatch(c -> c != null && c.essentialOrDefault()),
                "containerDefinitions", "must have at least one essential container");
        checkTaskCpu();
        new PortRules(mode, problems).check(containers);
        new DependencyRules(containers, byName, problems).check();
    }

    private void checkMemory(ContainerDefinition c, String path) {
        Integer memory = c.memory();
        Integer reservation = c.memoryReservation();
        if (taskMemory == null) {
            problems.require(memory != null || reservation != null, path + ".memory", "Invalid setting for container '"
                    + c.name() + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
        }
        checkMemoryLimit(memory, path + ".memory");
        checkMemoryLimit(reservation, path + ".memoryReservation");
        if (memory != null && reservation != null) {
            problems.require(memory > reservation, path + ".memoryReservation",
                    "must be less than memory (" + memory + " MiB)");
        }
    }

    private void checkMemoryLimit(Integer value, String field) {
        if (value == null) {
            return;
        }
        problems.require(value >= TaskDefinitionValidator.MIN_MEMORY_MIB, field,
                "must be at least " + TaskDefinitionValidator.MIN_MEMORY_MIB + " MiB");
        if (taskMemory != null) {
            problems.require(value <= taskMemory, field, "must not exceed the task memory of " + taskMemory + " MiB");
        }
    }

    private void checkTaskCpu() {
        int sum = containers.stream().filter(c -> c != null && c.cpu() != null).mapToInt(ContainerDefinition::cpu).sum();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            if (c != null && c.cpu() != null) {
                problems.require(c.cpu() >= 0, "containerDefinitions[" + i + "].cpu", "must be at least 0");
            }
        }
        if (taskCpu != null) {
            problems.require(sum <= taskCpu, "containerDefinitions",
                    "the containers' cpu adds up to " + sum + ", more than the task cpu of " + taskCpu);
        }
    }

    private void checkContainerParts(ContainerDefinition c, String path) {
        if (c.links() != null && !c.links().isEmpty()) {
            problems.require(mode == NetworkMode.BRIDGE, path + ".links", "are only supported in bridge network mode");
        }
        List<ContainerDefinition.MountPoint> mounts = c.mountPoints() == null ? List.of() : c.mountPoints();
        for (int j = 0; j < mounts.size(); j++) {
            ContainerDefinition.MountPoint m = mounts.get(j);
            problems.require(m != null && m.sourceVolume() != null && volumeNames.contains(m.sourceVolume()),
                    path + ".mountPoints[" + j + "].sourceVolume", "must name a volume declared in volumes");
            problems.require(m != null && m.containerPath() != null && m.containerPath().startsWith("/"),
                    path + ".mountPoints[" + j + "].containerPath", "must be an absolute path");
        }
        List<ContainerDefinition.Ulimit> ulimits = c.ulimits() == null ? List.of() : c.ulimits();
        for (int j = 0; j < ulimits.size(); j++) {
            ContainerDefinition.Ulimit u = ulimits.get(j);
            String at = path + ".ulimits[" + j + "]";
            problems.require(u != null && u.name() != null && ULIMIT_NAMES.contains(u.name()), at + ".name",
                    "must be one of " + String.join(", ", ULIMIT_NAMES.stream().sorted().toList()));
            if (problems.require(u != null && u.softLimit() != null && u.hardLimit() != null, at,
                    "needs softLimit and hardLimit")) {
                problems.require(u.softLimit() <= u.hardLimit(), at + ".softLimit", "must not exceed hardLimit");
            }
        }
        if (c.logConfiguration() != null) {
            String driver = c.logConfiguration().logDriver();
            if (problems.require(driver != null && LOG_DRIVERS.contains(driver), path + ".logConfiguration.logDriver",
                    "must be one of " + String.join(", ", LOG_DRIVERS.stream().sorted().toList()))) {
                problems.require(!"awsfirelens".equals(driver), path + ".logConfiguration.logDriver",
                        "awsfirelens needs the ECS agent's FireLens log router and is not supported on Gantry; "
                                + "use fluentd with the router's address");
            }
        }
        checkLinks(c, path);
        checkRuntimeSettings(c, path);
        checkRestartPolicy(c.restartPolicy(), path + ".restartPolicy");
        problems.range(c.startTimeout(), 0, MAX_START_TIMEOUT_SECONDS, path + ".startTimeout");
        problems.range(c.stopTimeout(), 0, MAX_STOP_TIMEOUT_SECONDS, path + ".stopTimeout");
    }

    /** {@code name} or {@code name:alias}, naming another container of the task (Docker links by name). */
    private void checkLinks(ContainerDefinition c, String path) {
        List<String> links = c.links() == null ? List.of() : c.links();
        for (int j = 0; j < links.size(); j++) {
            String link = links.get(j);
            String target = link == null ? null : link.split(":", 2)[0];
            problems.require(target != null && !target.equals(c.name())
                    && containers.stream().anyMatch(o -> o != null && target.equals(o.name())), path + ".links[" + j + "]",
                    "must be name or name:alias naming another container of this task definition");
        }
    }

    /**
     * The settings Docker applies as they are (see ContainerSpec.Runtime): each is applied at launch, so what
     * Docker would refuse at create time is refused here instead, with the field named.
     */
    private void checkRuntimeSettings(ContainerDefinition c, String path) {
        ContainerDefinition.LinuxParameters linux = c.linuxParameters();
        if (linux != null) {
            String at = path + ".linuxParameters";
            if (linux.capabilities() != null) {
                checkCapabilities(linux.capabilities().add(), at + ".capabilities.add");
                checkCapabilities(linux.capabilities().drop(), at + ".capabilities.drop");
            }
            if (linux.sharedMemorySize() != null) {
                problems.require(linux.sharedMemorySize() > 0, at + ".sharedMemorySize", "must be at least 1 MiB");
            }
            List<ContainerDefinition.Tmpfs> tmpfs = linux.tmpfs() == null ? List.of() : linux.tmpfs();
            for (int j = 0; j < tmpfs.size(); j++) {
                ContainerDefinition.Tmpfs t = tmpfs.get(j);
                problems.require(t != null && t.containerPath() != null && t.containerPath().startsWith("/"),
                        at + ".tmpfs[" + j + "].containerPath", "must be an absolute path");
                problems.require(t != null && t.size() != null && t.size() > 0, at + ".tmpfs[" + j + "].size",
                        "is required: at least 1 MiB");
            }
            if (linux.maxSwap() != null) {
                problems.require(linux.maxSwap() >= 0, at + ".maxSwap", "must be at least 0");
                problems.require(c.memory() != null || taskMemory != null, at + ".maxSwap",
                        "needs a hard memory limit (memory of the container or of the task) to add swap to");
            }
            problems.range(linux.swappiness(), 0, 100, at + ".swappiness");
        }
        List<String> options = c.dockerSecurityOptions() == null ? List.of() : c.dockerSecurityOptions();
        for (int j = 0; j < options.size(); j++) {
            String option = options.get(j);
            problems.require(option != null && (option.equals("no-new-privileges")
                    || option.matches("(apparmor|label)[:=]\\S+")), path + ".dockerSecurityOptions[" + j + "]",
                    "must be no-new-privileges, apparmor:PROFILE or label:VALUE (credentialspec is Windows only)");
        }
        if (mode == NetworkMode.HOST) {
            // Docker refuses custom DNS on the host's network stack
            problems.require(c.dnsServers() == null || c.dnsServers().isEmpty(), path + ".dnsServers",
                    "are not supported in host network mode");
            problems.require(c.dnsSearchDomains() == null || c.dnsSearchDomains().isEmpty(), path + ".dnsSearchDomains",
                    "are not supported in host network mode");
            // the container shares the host's UTS namespace: it is not given a name of its own
            problems.require(c.hostname() == null || c.hostname().isBlank(), path + ".hostname",
                    "is not supported in host network mode (the container has the host's name)");
        }
        List<ContainerDefinition.HostEntry> hosts = c.extraHosts() == null ? List.of() : c.extraHosts();
        for (int j = 0; j < hosts.size(); j++) {
            ContainerDefinition.HostEntry h = hosts.get(j);
            problems.require(h != null && h.hostname() != null && h.hostname().matches("[A-Za-z0-9.-]{1,255}")
                    && h.ipAddress() != null && h.ipAddress().matches("[0-9A-Fa-f.:]{2,45}"),
                    path + ".extraHosts[" + j + "]", "needs a hostname and an IP address");
        }
    }

    /**
     * Labels under {@code gantry.} are how Gantry knows its containers and volumes (installation, task, cluster, lease
     * epoch): one set by a task definition could pass a container off as another task's or another installation's,
     * so the prefix is Gantry's alone (ECS reserves {@code com.amazonaws.ecs.} the same way).
     */
    static void checkReservedLabels(Map<String, String> labels, String path, Problems problems) {
        if (labels == null) {
            return;
        }
        labels.keySet().stream().filter(k -> k != null && k.toLowerCase(java.util.Locale.ROOT).startsWith("gantry."))
                .sorted().findFirst()
                .ifPresent(k -> problems.add(path + "." + k, "is a reserved label: the gantry. prefix is set by Gantry only"));
    }

    private void checkCapabilities(List<String> names, String path) {
        List<String> list = names == null ? List.of() : names;
        for (int j = 0; j < list.size(); j++) {
            problems.require(list.get(j) != null && CAPABILITIES.contains(list.get(j)), path + "[" + j + "]",
                    "must be a Linux capability name without CAP_, such as NET_ADMIN or ALL");
        }
    }

    private void checkRestartPolicy(ContainerDefinition.RestartPolicy policy, String path) {
        if (policy == null) {
            return;
        }
        problems.require(policy.enabled() != null, path + ".enabled", "is required");
        problems.maxSize(policy.ignoredExitCodes(), 50, path + ".ignoredExitCodes");
        problems.range(policy.restartAttemptPeriod(), 60, 1800, path + ".restartAttemptPeriod");
    }

    private void checkHealthCheck(HealthCheck check, String path) {
        if (check == null) {
            return;
        }
        List<String> command = check.command();
        problems.require(command != null && command.size() >= 2
                && (command.getFirst().equals("CMD") || command.getFirst().equals("CMD-SHELL")), path + ".command",
                "must start with CMD or CMD-SHELL followed by the command");
        problems.range(check.interval(), 5, 300, path + ".interval");
        problems.range(check.timeout(), 2, 60, path + ".timeout");
        problems.range(check.retries(), 1, 10, path + ".retries");
        problems.range(check.startPeriod(), 0, 300, path + ".startPeriod");
    }
}
