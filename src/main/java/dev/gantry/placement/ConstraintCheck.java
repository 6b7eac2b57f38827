package dev.gantry.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A constraint bound to one placement run. Checks are sorted cheapest first — counter reads, then
 * memoised static expressions (one bit read), then expressions that must be evaluated per host
 * because they read task:group or runningTasksCount — so the expensive ones only see hosts that
 * passed everything else. Counters are read through the state, so they include this run's tasks. Constraints are conjunctive, so the order never changes the outcome,
 * only which reason a rejected host reports.
 */
interface ConstraintCheck {

    boolean allows(int host);

    String reason();

    int cost();

    /** True when the verdict depends on the snapshot only (memoised and folded into the eligible set). */
    default boolean isStatic() {
        return cost() == STATIC_COST;
    }

    int COUNTER_COST = 0;
    int STATIC_COST = 1;
    int DYNAMIC_COST = 2;

    static List<ConstraintCheck> compile(List<PlacementConstraint> constraints, WorkingState state) {
        List<ConstraintCheck> checks = new ArrayList<>();
        for (PlacementConstraint constraint : constraints) {
            checks.add(switch (constraint) {
                case PlacementConstraint.DistinctInstance d -> check(host -> state.sameGroupOf(host) < 1, d.reason(), COUNTER_COST);
                case PlacementConstraint.MaxPerInstance m -> check(host -> state.sameKeyOf(host) < m.max(), m.reason(), COUNTER_COST);
                case PlacementConstraint.MemberOf m -> memberOf(m, state);
            });
        }
        checks.sort(Comparator.comparingInt(ConstraintCheck::cost));
        return List.copyOf(checks);
    }

    private static ConstraintCheck memberOf(PlacementConstraint.MemberOf constraint, WorkingState state) {
        ConstraintExpression expression = constraint.expression();
        if (!expression.dynamic()) {
            BitSet matching = state.index.staticMatches(expression);
            return check(matching::get, constraint.reason(), STATIC_COST);
        }
        return check(host -> expression.matches(state.factsOf(host)), constraint.reason(), DYNAMIC_COST);
    }

    private static ConstraintCheck check(java.util.function.IntPredicate allows, String reason, int cost) {
        return new ConstraintCheck() {
            @Override
            public boolean allows(int host) {
                return allows.test(host);
            }

            @Override
            public String reason() {
                return reason;
            }

            @Override
            public int cost() {
                return cost;
            }
        };
    }
}
