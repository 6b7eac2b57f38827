package dev.gantry.service;

import dev.gantry.shared.PlacementInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/** UpdateService: every member optional. A new taskDefinition, new placement or forceNewDeployment starts a deployment. */
public record UpdateServiceRequest(
        @Min(0) @Max(5000) Integer desiredCount,
        @Schema(example = "web:2") String taskDefinition,
        @Valid DeploymentConfiguration deploymentConfiguration,
        @Size(max = 10) List<PlacementInput.@Valid Constraint> placementConstraints,
        @Size(max = 5) List<PlacementInput.@Valid Strategy> placementStrategy,
        @Min(0) @Max(2147483647) Integer healthCheckGracePeriodSeconds,
        Boolean forceNewDeployment,
        @jakarta.validation.constraints.Pattern(regexp = "ENABLED|DISABLED", message = "must be ENABLED or DISABLED")
        @Schema(allowableValues = {"ENABLED", "DISABLED"}) String availabilityZoneRebalancing) {
}
