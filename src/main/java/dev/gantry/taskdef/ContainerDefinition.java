package dev.gantry.taskdef;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * One container of a task definition, with the ECS member names. After registration {@code cpu},
 * {@code essential}, port protocols and health-check timings always hold their effective values.
 */
public record ContainerDefinition(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9_-]{1,255}", example = "web") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "nginx:1.27") String image,
        @Schema(description = "CPU units (Docker CpuShares)", defaultValue = "0", example = "256") Integer cpu,
        @Schema(description = "hard limit in MiB, at least 6", example = "512") Integer memory,
        @Schema(description = "soft limit in MiB, below memory", example = "256") Integer memoryReservation,
        @Schema(description = "bridge mode only; name:alias") List<String> links,
        List<PortMapping> portMappings,
        @Schema(defaultValue = "true") Boolean essential,
        List<String> entryPoint,
        @Schema(example = "[\"nginx\", \"-g\", \"daemon off;\"]") List<String> command,
        List<KeyValuePair> environment,
        List<MountPoint> mountPoints,
        List<VolumeFrom> volumesFrom,
        LinuxParameters linuxParameters,
        List<ContainerDependency> dependsOn,
        @Schema(description = "seconds") Integer startTimeout,
        @Schema(description = "seconds between SIGTERM and SIGKILL") Integer stopTimeout,
        String hostname,
        @Schema(example = "1000:1000") String user,
        String workingDirectory,
        Boolean disableNetworking,
        Boolean privileged,
        Boolean readonlyRootFilesystem,
        List<String> dnsServers,
        List<String> dnsSearchDomains,
        List<HostEntry> extraHosts,
        List<String> dockerSecurityOptions,
        Boolean interactive,
        Boolean pseudoTerminal,
        Map<String, String> dockerLabels,
        List<Ulimit> ulimits,
        LogConfiguration logConfiguration,
        HealthCheck healthCheck,
        RestartPolicy restartPolicy) {

    /** The name of a declared volume mounted at {@code containerPath}. */
    public record MountPoint(@Schema(example = "data") String sourceVolume,
            @Schema(example = "/data") String containerPath, Boolean readOnly) {
    }

    /** Mounts every volume of another container of the same task. */
    public record VolumeFrom(String sourceContainer, Boolean readOnly) {
    }

    /** Start this container only once {@code containerName} has reached {@code condition}. */
    public record ContainerDependency(@Schema(example = "db") String containerName, Condition condition) {

        public enum Condition { START, COMPLETE, SUCCESS, HEALTHY }
    }

    public record HostEntry(@Schema(example = "db.internal") String hostname,
            @Schema(example = "10.0.0.5") String ipAddress) {
    }

    public record Ulimit(
            @Schema(allowableValues = {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
                    "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}) String name,
            Integer softLimit, Integer hardLimit) {
    }

    public record LogConfiguration(
            @Schema(allowableValues = {"json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk",
                    "awsfirelens"}) String logDriver,
            Map<String, String> options) {
    }

    /** Restarts the container in place after it has run at least {@code restartAttemptPeriod} seconds. */
    public record RestartPolicy(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean enabled,
            @Schema(description = "at most 50") List<Integer> ignoredExitCodes,
            @Schema(minimum = "60", maximum = "1800", defaultValue = "300") Integer restartAttemptPeriod) {
    }

    /** The subset of Linux parameters Gantry passes to Docker. */
    public record LinuxParameters(KernelCapabilities capabilities, Boolean initProcessEnabled,
            @Schema(description = "MiB") Integer sharedMemorySize, List<Tmpfs> tmpfs,
            @Schema(description = "MiB") Integer maxSwap, @Schema(minimum = "0", maximum = "100") Integer swappiness) {
    }

    public record KernelCapabilities(List<String> add, List<String> drop) {
    }

    public record Tmpfs(String containerPath, @Schema(description = "MiB") Integer size, List<String> mountOptions) {
    }

    /** True unless explicitly false, as in ECS. */
    public boolean essentialOrDefault() {
        return essential == null || essential;
    }

    /** The memory placement reserves: the soft limit when set, else the hard limit. */
    public Integer reservedMemory() {
        return memoryReservation != null ? memoryReservation : memory;
    }

    /**
     * The effective values ECS defines for what the request left out (cpu 0, essential, tcp, host-mode host ports,
     * health-check timings). Registration stores the result, and the launch path applies it again to what it reads
     * (idempotent), so these are the only defaults there are.
     */
    public ContainerDefinition withDefaults(NetworkMode mode) {
        return new ContainerDefinition(name, image, cpu == null ? 0 : cpu, memory, memoryReservation, links,
                portMappings == null ? null : portMappings.stream().map(p -> p.withDefaults(mode)).toList(),
                essentialOrDefault(), entryPoint, command, environment, mountPoints, volumesFrom, linuxParameters, dependsOn,
                startTimeout, stopTimeout, hostname, user, workingDirectory, disableNetworking, privileged,
                readonlyRootFilesystem, dnsServers, dnsSearchDomains, extraHosts, dockerSecurityOptions, interactive,
                pseudoTerminal, dockerLabels, ulimits, logConfiguration,
                healthCheck == null ? null : healthCheck.withDefaults(), restartPolicy);
    }
}
