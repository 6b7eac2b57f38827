package dev.gantry.placement;

import dev.gantry.shared.InvalidInput;

/**
 * A cluster query language expression that does not parse. As {@link InvalidInput} the REST layer answers it
 * with a 400 (ECS: InvalidParameterException) naming the field {@code expression}; callers that know the
 * request's own field name catch it and name that instead. It can quote {@code position} (0-based character
 * offset) and {@code expected} (the token the parser wanted there).
 */
public class ExpressionSyntaxException extends RuntimeException implements InvalidInput {
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

    @Override
    public String field() {
        return "expression";
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }
}
