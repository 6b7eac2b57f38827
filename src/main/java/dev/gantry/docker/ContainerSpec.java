package dev.gantry.docker;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container, already translated from the task definition.
 *
 * @param name            unique per host, derived from the task id and container name
 * @param network         the Docker network to join ("bridge", "host", "none", or a per-task network name)
 * @param networkAliases  names other containers on {@code network} reach this one by
 * @param cpuShares       container cpu units (0 = Docker default)
 * @param nanoCpus        hard CPU limit from task-level cpu (units/1024 CPUs), 0 = none
 * @param memoryMiB       hard limit, null = none
 * @param memoryReservationMiB soft limit, null = none
 * @param stopTimeoutSeconds null = engine default
 * @param runtime         isolation, logging, DNS and process settings; {@link Runtime#DEFAULTS} = Docker's own
 */
public record ContainerSpec(
        String name,
        String image,
        ImagePullPolicy pullPolicy,
        List<String> entryPoint,
        List<String> command,
        Map<String, String> environment,
        Map<String, String> labels,
        String network,
        List<String> networkAliases,
        List<PortBinding> ports,
        int cpuShares,
        long nanoCpus,
        Integer memoryMiB,
        Integer memoryReservationMiB,
        HealthCheck healthCheck,
        String user,
        String workingDirectory,
        List<Ulimit> ulimits,
        boolean readonlyRootFilesystem,
        Integer stopTimeoutSeconds,
        List<Mount> mounts,
        String hostname,
        boolean privileged,
        Runtime runtime) {

    public ContainerSpec {
        runtime = runtime == null ? Runtime.DEFAULTS : runtime;
    }

    /** A spec with Docker's defaults for every {@link Runtime} setting. */
    public ContainerSpec(String name, String image, ImagePullPolicy pullPolicy, List<String> entryPoint,
            List<String> command, Map<String, String> environment, Map<String, String> labels, String network,
            List<String> networkAliases, List<PortBinding> ports, int cpuShares, long nanoCpus, Integer memoryMiB,
            Integer memoryReservationMiB, HealthCheck healthCheck, String user, String workingDirectory,
            List<Ulimit> ulimits, boolean readonlyRootFilesystem, Integer stopTimeoutSeconds, List<Mount> mounts,
            String hostname, boolean privileged) {
        this(name, image, pullPolicy, entryPoint, command, environment, labels, network, networkAliases, ports,
                cpuShares, nanoCpus, memoryMiB, memoryReservationMiB, healthCheck, user, workingDirectory, ulimits,
                readonlyRootFilesystem, stopTimeoutSeconds, mounts, hostname, privileged, Runtime.DEFAULTS);
    }

    public enum ImagePullPolicy { DEFAULT, ALWAYS, PREFER_CACHED }

    /** hostPort null or 0 = Docker picks a free port. protocol "tcp" or "udp". */
    public record PortBinding(int containerPort, Integer hostPort, String protocol) {
    }

    /** command starts with CMD or CMD-SHELL; durations in seconds. */
    public record HealthCheck(List<String> command, int intervalSeconds, int timeoutSeconds, int retries,
            int startPeriodSeconds) {
    }

    public record Ulimit(String name, long soft, long hard) {
    }

    /**
     * A bind mount (hostPath set) or a named Docker volume (volumeName set). {@code volume}: the driver,
     * its options and labels Docker uses when it creates the volume (null = local driver, no labels).
     */
    public record Mount(String hostPath, String volumeName, String containerPath, boolean readOnly,
            VolumeConfig volume) {

        public Mount(String hostPath, String volumeName, String containerPath, boolean readOnly) {
            this(hostPath, volumeName, containerPath, readOnly, null);
        }
    }

    /**
     * driver null = Docker's default (local). {@code mustExist}: a shared volume without autoprovision (ECS): the
     * container is not created when the volume is missing, instead of Docker creating an empty one.
     */
    public record VolumeConfig(String driver, Map<String, String> driverOptions, Map<String, String> labels,
            boolean mustExist) {
    }

    /**
     * The ECS container settings Docker applies as they are (ECS passes them straight through to Docker): every one of them reaches the
     * engine, none is stored and dropped.
     *
     * @param capabilitiesAdd / capabilitiesDrop  Linux capability names without {@code CAP_} (ALL allowed)
     * @param securityOptions  Docker's {@code --security-opt} values, e.g. {@code no-new-privileges}
     * @param networkDisabled  ECS {@code disableNetworking}
     * @param pidMode          null (own namespace) or {@code host}
     * @param ipcMode          null (Docker's default), {@code host} or {@code none}
     * @param log              null = the engine's default log driver
     * @param extraHosts       {@code hostname:ip}
     * @param sharedMemoryMiB  /dev/shm size, null = Docker's 64 MiB
     * @param tmpfs            container path to mount options ({@code size=64m,noexec})
     * @param maxSwapMiB       swap on top of the hard memory limit (0 = none); null = the host's setting
     * @param links            {@code container:alias} with the target's container name on the host
     * @param volumesFrom      containers (names on the host) whose volumes this one mounts
     */
    public record Runtime(List<String> capabilitiesAdd, List<String> capabilitiesDrop, List<String> securityOptions,
            boolean networkDisabled, String pidMode, String ipcMode, LogConfig log, List<String> dnsServers,
            List<String> dnsSearchDomains, List<String> extraHosts, boolean init, Integer sharedMemoryMiB,
            Map<String, String> tmpfs, Integer maxSwapMiB, Integer swappiness, boolean interactive,
            boolean pseudoTerminal, List<String> links, List<VolumeFrom> volumesFrom) {

        public static final Runtime DEFAULTS = new Runtime(List.of(), List.of(), List.of(), false, null, null, null,
                List.of(), List.of(), List.of(), false, null, Map.of(), null, null, false, false, List.of(), List.of());
    }

    public record LogConfig(String driver, Map<String, String> options) {
    }

    public record VolumeFrom(String container, boolean readOnly) {
    }
}
