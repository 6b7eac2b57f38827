package dev.gantry.placement;

/** Task number {@code taskIndex} (0-based within the request) goes to this instance. */
public record Assignment(int taskIndex, String instanceId, String instanceArn) {
}
