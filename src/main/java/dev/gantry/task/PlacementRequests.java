package dev.gantry.task;

import dev.gantry.placement.PlacementConstraint;
import dev.gantry.placement.PlacementInputs;
import dev.gantry.placement.PlacementStrategy;
import dev.gantry.shared.PlacementInput;
import java.util.ArrayList;
import java.util.List;

/** Turns the API's placement members into the engine's types, for RunTask and services alike. */
public final class PlacementRequests {

    private PlacementRequests() {
    }

    /** The task definition's memberOf constraints followed by the call's, checked against ECS's limits. */
    public static List<PlacementConstraint> constraints(LaunchPlan plan, List<PlacementInput.Constraint> requested) {
        List<PlacementConstraint> fromDefinition = new ArrayList<>();
        for (int i = 0; i < plan.placementConstraintExpressions().size(); i++) {
            fromDefinition.add(PlacementInputs.constraint(i, "memberOf", plan.placementConstraintExpressions().get(i), true));
        }
        List<PlacementConstraint> fromRequest = new ArrayList<>();
        if (requested != null) {
            for (int i = 0; i < requested.size(); i++) {
                fromRequest.add(PlacementInputs.constraint(i, requested.get(i).type(), requested.get(i).expression(), false));
            }
        }
        return PlacementInputs.combine(fromDefinition, fromRequest);
    }

    /** The requested chain, or {@code defaults} when none is given (random for RunTask, ECS's spread for services). */
    public static List<PlacementStrategy> strategies(List<PlacementInput.Strategy> requested, List<PlacementStrategy> defaults) {
        if (requested == null || requested.isEmpty()) {
            return defaults;
        }
        List<PlacementStrategy> list = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            list.add(PlacementInputs.strategy(i, requested.get(i).type(), requested.get(i).field()));
        }
        return list;
    }
}
