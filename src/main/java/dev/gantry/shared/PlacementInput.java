package dev.gantry.shared;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The ECS request shapes for placement, shared by RunTask and the service endpoints. */
public final class PlacementInput {

    private PlacementInput() {
    }

    @Schema(name = "PlacementConstraint")
    public record Constraint(
            @NotNull @Schema(allowableValues = {"distinctInstance", "memberOf", "maxPerInstance"}, example = "memberOf") String type,
            @Size(max = 2000) @Schema(example = "attribute:ecs.availability-zone in [zone-a, zone-b]",
                    description = "cluster query language for memberOf; the limit N for maxPerInstance") String expression) {
    }

    @Schema(name = "PlacementStrategy")
    public record Strategy(
            @NotNull @Schema(allowableValues = {"random", "spread", "binpack"}, example = "spread") String type,
            @Schema(example = "attribute:ecs.availability-zone",
                    description = "spread: instanceId, host or attribute:NAME; binpack: cpu or memory") String field) {
    }
}
