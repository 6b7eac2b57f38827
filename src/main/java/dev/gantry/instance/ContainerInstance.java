package dev.gantry.instance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered Docker engine. {@code remaining*} and {@code used*Ports} are derived from the
 * non-STOPPED tasks on the instance and are recomputed in the same transaction as any change to
 * them, so they never drift from the tasks.
 */
public record ContainerInstance(
        String id,
        long clusterId,
        String dockerEndpoint,
        boolean tls,
        String engineId,
        String engineName,
        String dockerVersion,
        Status status,
        String statusReason,
        boolean agentConnected,
        int registeredCpu,
        int registeredMemory,
        int remainingCpu,
        int remainingMemory,
        List<Integer> reservedTcpPorts,
        List<Integer> reservedUdpPorts,
        List<Integer> usedTcpPorts,
        List<Integer> usedUdpPorts,
        Map<String, String> attributes,
        Instant registeredAt,
        Instant lastHeartbeatAt,
        int heartbeatFailures,
        Instant disconnectedAt,
        long version) {

    public enum Status { REGISTERING, REGISTRATION_FAILED, ACTIVE, INACTIVE, DEREGISTERING, DRAINING }

    /** How stale the recorded heartbeat of a healthy instance may get before a successful ping rewrites it. */
    public static final java.time.Duration HEARTBEAT_RECORD_INTERVAL = java.time.Duration.ofMinutes(1);

    /**
     * Whether a successful ping has anything to record: a failure count to reset, a reconnection, or a last
     * heartbeat older than {@link #HEARTBEAT_RECORD_INTERVAL}. Healthy hosts otherwise cost no write at all: a
     * thousand of them pinged every few seconds would rewrite a thousand rows each time, and contend with
     * placement commits for their row locks.
     */
    public boolean heartbeatChangesSomething(Instant now) {
        return !agentConnected || heartbeatFailures != 0 || disconnectedAt != null || lastHeartbeatAt == null
                || lastHeartbeatAt.plus(HEARTBEAT_RECORD_INTERVAL).isBefore(now);
    }

    /** Attributes a user may set or remove; everything under these prefixes is reported by Gantry. */
    public static boolean isBuiltInAttribute(String name) {
        return name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.") || name.startsWith("gantry.");
    }
}
