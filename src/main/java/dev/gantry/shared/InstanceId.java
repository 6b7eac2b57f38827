package dev.gantry.shared;

import java.util.Objects;

/** The id of a container instance (32 hex characters): a type of its own where several ids travel together, so they cannot be swapped. */
public record InstanceId(String value) {

    public InstanceId {
        Objects.requireNonNull(value, "InstanceId");
    }

    /** Null stays null (an optional id). */
    public static InstanceId ofNullable(String value) {
        return value == null ? null : new InstanceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
