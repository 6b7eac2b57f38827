package dev.gantry.shared;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Closed sets (enums) read from where they are stored: the database columns and the Docker engine's answers are
 * text, the code works on enums, and this is the one conversion. An unknown value is an error that names the column
 * (or field), the value and what it may be, never a silent default.
 */
public final class StoredValues {

    private StoredValues() {
    }

    /** The constant whose {@link Enum#name()} is {@code value}; null stays null. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String where) {
        return parse(type, value, where, Enum::name);
    }

    /** The constant whose {@code spelling} is {@code value} (e.g. Docker's lower-case health); null stays null. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String where, Function<E, String> spelling) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (spelling.apply(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Unknown " + where + " '" + value + "': expected one of "
                + Arrays.stream(type.getEnumConstants()).map(spelling).toList());
    }
}
