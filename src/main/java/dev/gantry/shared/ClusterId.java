package dev.gantry.shared;

/** The id of a cluster (its row id): a type of its own where several ids travel together, so they cannot be swapped. */
public record ClusterId(long value) {

    /** Null stays null (an optional id). */
    public static ClusterId ofNullable(Long value) {
        return value == null ? null : new ClusterId(value);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
