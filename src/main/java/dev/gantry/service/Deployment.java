package dev.gantry.service;

import java.time.Instant;

/** One deployment of a service: PRIMARY (newest), ACTIVE (older, still has tasks) or INACTIVE. */
public record Deployment(
        String id,
        long serviceId,
        Status status,
        long taskDefinitionId,
        int desiredCount,
        int failedTasks,
        RolloutState rolloutState,
        String rolloutStateReason,
        Instant failuresResetAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public enum Status { PRIMARY, ACTIVE, INACTIVE }

    public enum RolloutState { IN_PROGRESS, COMPLETED, FAILED }
}
