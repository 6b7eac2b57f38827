package dev.gantry.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A constraint bound to one placement run. Checks are sorted cheapest first — counter reads, then
 * memoised static expressions (one bit read), then expressions that must be evaluated per host
 * because they read task:group or runningTasksCount — so the expensive ones only see hosts that
 * passed everything else. Constraints are conjunctive, so the order never changes the outcome,
 * only which reason a rejected host reports.
 */
interface ConstraintCheck {

    boolean allows(int host);

    String reason();

    int cost();

    static List<ConstraintCheck> compile(List<PlacementConstraint> constraints, WorkingState state) {
        List<ConstraintCheck> checks = new ArrayList<>();
        for (PlacementConstraint constraint : constraints) {
            checks.add(switch (constraint) {
                case PlacementConstraint.DistinctInstance d -> counter(state.sameGroup, 1, d.reason());
                case PlacementConstraint.MaxPerInstance m -> counter(state.sameKey, m.max(), m.reason());
                case PlacementConstraint.MemberOf m -> memberOf(m, state);
            });
        }
        checks.sort(Comparator.comparingInt(ConstraintCheck::cost));
        return List.copyOf(checks);
    }

    private static ConstraintCheck counter(int[] counts, int max, String reason) {
        return check(host -> counts[host] < max, reason, 0);
    }

    private static ConstraintCheck memberOf(PlacementConstraint.MemberOf constraint, WorkingState state) {
        ConstraintExpression expression = constraint.expression();
        if (!expression.dynamic()) {
            BitSet matching = state.index.staticMatches(expression);
            return check(matching::get, constraint.reason(), 1);
        }
        return check(host -> expression.matches(state.factsOf(host)), constraint.reason(), 2);
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
