package dev.gantry.placement;

/** A placement strategy or constraint given by a caller is invalid; {@code field} names the offending input. */
public class PlacementInputException extends RuntimeException {
    private final String field;

    public PlacementInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
