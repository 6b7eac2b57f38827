package dev.gantry.placement;

import java.util.List;

/** The decision for every task of a request: placed ones in {@code assignments}, the rest in {@code failures}. */
public record PlacementPlan(List<Assignment> assignments, List<Failure> failures) {
    public PlacementPlan {
        assignments = List.copyOf(assignments);
        failures = List.copyOf(failures);
    }

    public boolean allPlaced() {
        return failures.isEmpty();
    }
}
