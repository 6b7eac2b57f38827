package dev.gantry.placement;

/**
 * A cluster query language expression that does not parse. The REST layer maps it to a 400
 * (ECS: InvalidParameterException) and can quote {@code position} (0-based character offset) and
 * {@code expected} (the token the parser wanted there).
 */
public class ExpressionSyntaxException extends RuntimeException {
    private final int position;
    private final String expected;

    public ExpressionSyntaxException(int position, String expected, String message) {
        super(message);
        this.position = position;
        this.expected = expected;
    }

    static ExpressionSyntaxException at(int position, String expected, String found) {
        return new ExpressionSyntaxException(position, expected,
                "Invalid expression at position " + position + ": expected " + expected + " but found " + found);
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }
}
