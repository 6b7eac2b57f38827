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
 * <li>dependsOn (see {@link DependencyRules}).
 * </ul>
 */
final class ContainerValidator {

    static final Set<String> ULIMIT_NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    static final Set<String> LOG_DRIVERS = Set.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs",
            "splunk", "awsfirelens");

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
            problems.require(c.image() != null && !c.image().isBlank() && !c.image().matches(".*\\s.*")
                    && c.image().length() <= 1024, path + ".image", "must be an image reference such as nginx:1.27");
            checkMemory(c, path);
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
            problems.require(c.logConfiguration().logDriver() != null
                    && LOG_DRIVERS.contains(c.logConfiguration().logDriver()), path + ".logConfiguration.logDriver",
                    "must be one of " + String.join(", ", LOG_DRIVERS.stream().sorted().toList()));
        }
        checkRestartPolicy(c.restartPolicy(), path + ".restartPolicy");
        if (c.startTimeout() != null) {
            problems.require(c.startTimeout() >= 0, path + ".startTimeout", "must be at least 0");
        }
        if (c.stopTimeout() != null) {
            problems.require(c.stopTimeout() >= 0, path + ".stopTimeout", "must be at least 0");
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
