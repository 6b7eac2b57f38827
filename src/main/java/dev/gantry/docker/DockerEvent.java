package dev.gantry.docker;

import java.time.Instant;
import java.util.Map;

/**
 * A container event: action is Docker's (start, die, oom, kill, destroy, health_status: healthy, ...).
 * {@code time} is the engine's, null when the engine did not stamp the event. Events are wake-up hints only; state is always re-read from {@link DockerHost#inspect}/{@link DockerHost#list}.
 */
public record DockerEvent(String containerId, String action, Map<String, String> labels, Instant time) {

    /**
     * True for events that may change what a task reports or what its host loop must do: an exit, an OOM kill,
     * a health change, a container removed or paused behind Gantry's back. Creates and starts are Gantry's own
     * launches, already recorded by the launcher; waking the host loop for each would only add engine calls
     * while the engine is busiest.
     */
    public boolean changesState() {
        if (action == null) {
            return false;
        }
        return switch (action) {
            case "die", "oom", "destroy", "pause", "unpause", "restart" -> true;
            default -> action.startsWith("health_status");
        };
    }
}
