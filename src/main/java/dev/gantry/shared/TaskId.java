package dev.gantry.shared;

import java.util.Objects;

/** The id of a task (32 hex characters): a type of its own where several ids travel together, so they cannot be swapped. */
public record TaskId(String value) {

    public TaskId {
        Objects.requireNonNull(value, "TaskId");
    }

    /** Null stays null (an optional id). */
    public static TaskId ofNullable(String value) {
        return value == null ? null : new TaskId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
