package dev.gantry.service;

import dev.gantry.shared.Randomness;
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

    /** ECS's deployment id form: {@code ecs-svc/} and 19 digits, drawn from {@code ids}. */
    public static String newId(Randomness ids) {
        return "ecs-svc/" + ids.newNumericId(1_000_000_000_000_000_000L, Long.MAX_VALUE);
    }

    public enum RolloutState { IN_PROGRESS, COMPLETED, FAILED }
}
