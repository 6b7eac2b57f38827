package dev.gantry.shared;

/** The id of a task definition revision (its row id): a type of its own where several ids travel together, so they cannot be swapped. */
public record TaskDefinitionId(long value) {

    /** Null stays null (an optional id). */
    public static TaskDefinitionId ofNullable(Long value) {
        return value == null ? null : new TaskDefinitionId(value);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
