package dev.gantry.shared;

/** The id of a service (its row id): a type of its own where several ids travel together, so they cannot be swapped. */
public record ServiceId(long value) {

    /** Null stays null (an optional id). */
    public static ServiceId ofNullable(Long value) {
        return value == null ? null : new ServiceId(value);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
