package dev.gantry.placement;

import dev.gantry.shared.InvalidInput;

/** A placement strategy or constraint given by a caller is invalid; {@code field} names the offending input. */
public class PlacementInputException extends RuntimeException implements InvalidInput {
    private final String field;

    public PlacementInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }
}
