package dev.gantry.shared;

import java.util.Objects;

/** The id of a service deployment (ecs-svc/...): a type of its own where several ids travel together, so they cannot be swapped. */
public record DeploymentId(String value) {

    public DeploymentId {
        Objects.requireNonNull(value, "DeploymentId");
    }

    /** Null stays null (an optional id). */
    public static DeploymentId ofNullable(String value) {
        return value == null ? null : new DeploymentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
