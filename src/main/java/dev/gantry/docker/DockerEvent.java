package dev.gantry.docker;

import java.time.Instant;
import java.util.Map;

/**
 * A container event: action is Docker's (start, die, oom, kill, destroy, health_status: healthy, ...).
 * Events are wake-up hints only; state is always re-read from {@link DockerHost#inspect}/{@link DockerHost#list}.
 */
public record DockerEvent(String containerId, String action, Map<String, String> labels, Instant time) {
}
