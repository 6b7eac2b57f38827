package dev.gantry.placement;

import java.util.Objects;

/**
 * A binding rule on where a task may go. Strategies are best effort; constraints are never bent, as in
 * ECS: a task no instance satisfies fails with the constraint's reason.
 */
public sealed interface PlacementConstraint {

    /** The ECS reason reported when this constraint is what stopped the closest instance. */
    String reason();

    /** ECS {@code distinctInstance}: at most one task of the request's group per instance. */
    record DistinctInstance() implements PlacementConstraint {
        @Override
        public String reason() {
            return Reasons.DISTINCT_INSTANCE;
        }
    }

    /** ECS {@code memberOf}: the instance must satisfy a cluster query language expression. */
    record MemberOf(ConstraintExpression expression) implements PlacementConstraint {
        public MemberOf {
            Objects.requireNonNull(expression, "expression");
        }

        public static MemberOf of(String expression) {
            return new MemberOf(ConstraintExpression.parse(expression));
        }

        @Override
        public String reason() {
            return Reasons.MEMBER_OF;
        }
    }

    /**
     * Gantry extension: at most {@code max} tasks of this service (or, for standalone tasks, this
     * group) per instance — the generalisation of distinctInstance ECS users keep asking for.
     */
    record MaxPerInstance(int max) implements PlacementConstraint {
        public MaxPerInstance {
            if (max < 1) {
                throw new IllegalArgumentException("maxPerInstance must be at least 1, was " + max);
            }
        }

        @Override
        public String reason() {
            return Reasons.MAX_PER_INSTANCE;
        }
    }
}
