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
        boolean privileged) {

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

    /** A bind mount (hostPath set) or a named Docker volume (volumeName set). */
    public record Mount(String hostPath, String volumeName, String containerPath, boolean readOnly) {
    }
}
