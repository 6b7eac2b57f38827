package dev.gantry.placement;

import java.util.Objects;

/**
 * A parsed cluster query language expression ({@code subject operator [argument]}, combined with
 * and/or/not and parentheses). Used by {@code memberOf}
 * constraints and, through {@link #matches(HostView)}, as the {@code filter=} of the
 * container-instance list. Equal when the source text is equal, so results can be memoised per
 * snapshot by expression.
 */
public final class ConstraintExpression {
    /** ECS caps an expression at 2000 characters. */
    public static final int MAX_LENGTH = 2000;

    private final String text;
    private final Expression root;

    private ConstraintExpression(String text, Expression root) {
        this.text = text;
        this.root = root;
    }

    /** @throws ExpressionSyntaxException naming the position and the expected token */
    public static ConstraintExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        return new ConstraintExpression(text, ExpressionParser.parse(text));
    }

    public boolean matches(HostView host) {
        return root.matches(HostFacts.of(host));
    }

    boolean matches(HostFacts host) {
        return root.matches(host);
    }

    /** False when the result depends only on the snapshot, so it may be computed once per host. */
    boolean dynamic() {
        return root.dynamic();
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConstraintExpression that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
