package dev.gantry.ecs;

/** One entry of a batch call's {@code failures}: the resource as an ARN, ECS's reason, and a detail when there is one. */
record EcsFailure(String arn, String reason, String detail) {

    static EcsFailure missing(String arn) {
        return new EcsFailure(arn, "MISSING", null);
    }
}
