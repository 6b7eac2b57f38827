package dev.gantry.placement;

/**
 * Task number {@code taskIndex} could not be placed. {@code reason} is one of {@link Reasons};
 * {@code closestInstanceArn} is the instance that got furthest through the pipeline (ECS reports it
 * as the failure's {@code arn}), or {@code null} when the cluster is empty.
 */
public record Failure(int taskIndex, String reason, String closestInstanceArn) {
}
