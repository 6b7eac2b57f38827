package dev.gantry.placement;

import java.util.Locale;
import java.util.Optional;

/** The cluster query language operators with their symbol and word forms ({@code ==} and {@code equals}, ...). */
enum Operator {
    EQUALS("==", "equals", null),
    NOT_EQUALS("!=", "not_equals", EQUALS),
    GREATER_THAN(">", "greater_than", null),
    GREATER_THAN_EQUAL(">=", "greater_than_equal", null),
    LESS_THAN("<", "less_than", null),
    LESS_THAN_EQUAL("<=", "less_than_equal", null),
    EXISTS("exists", "exists", null),
    NOT_EXISTS("!exists", "not_exists", EXISTS),
    IN("in", "in", null),
    NOT_IN("!in", "not_in", IN),
    MATCHES("=~", "matches", null),
    NOT_MATCHES("!~", "not_matches", MATCHES);

    final String symbol;
    final String word;
    /** For a negative operator, the positive one it negates; negatives hold when no value satisfies it. */
    final Operator negates;

    Operator(String symbol, String word, Operator negates) {
        this.symbol = symbol;
        this.word = word;
        this.negates = negates;
    }

    static Optional<Operator> fromToken(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Operator op : values()) {
            if (op.symbol.equals(lower) || op.word.equals(lower)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    boolean unary() {
        return this == EXISTS || this == NOT_EXISTS;
    }

    boolean takesList() {
        return this == IN || this == NOT_IN;
    }
}
