package dev.gantry.service;

import dev.gantry.cluster.Tag;
import dev.gantry.shared.PlacementInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** CreateService. desiredCount is required for REPLICA services; DAEMON services run one task per instance. */
public record CreateServiceRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only letters, digits, hyphens and underscores")
        @Schema(example = "web") String serviceName,
        @NotBlank @Schema(example = "web:1") String taskDefinition,
        @Min(0) @Max(5000) @Schema(example = "3") Integer desiredCount,
        @Valid DeploymentConfiguration deploymentConfiguration,
        @Size(max = 10) List<PlacementInput.@Valid Constraint> placementConstraints,
        @Size(max = 5) List<PlacementInput.@Valid Strategy> placementStrategy,
        @Min(0) @Max(2147483647) Integer healthCheckGracePeriodSeconds,
        @Schema(allowableValues = {"REPLICA", "DAEMON"}, defaultValue = "REPLICA") Service.SchedulingStrategy schedulingStrategy,
        @Size(max = 36) @Pattern(regexp = "[\\x21-\\x7E]*", message = "must be printable ASCII without spaces") String clientToken,
        @Schema(allowableValues = {"EC2", "EXTERNAL"}) String launchType,
        @Valid DeploymentController deploymentController,
        @Pattern(regexp = "ENABLED|DISABLED", message = "must be ENABLED or DISABLED")
        @Schema(allowableValues = {"ENABLED", "DISABLED"}, defaultValue = "DISABLED", description = "Gantry moves tasks "
                + "to even out the placement spread after instances join (start the new task first, within maximumPercent)")
        String availabilityZoneRebalancing,
        @Size(max = 50) @Schema(description = "ECS resource tags, at most 50") List<@Valid Tag> tags) {

    /** Without tags. */
    public CreateServiceRequest(String serviceName, String taskDefinition, Integer desiredCount,
            DeploymentConfiguration deploymentConfiguration, List<PlacementInput.Constraint> placementConstraints,
            List<PlacementInput.Strategy> placementStrategy, Integer healthCheckGracePeriodSeconds,
            Service.SchedulingStrategy schedulingStrategy, String clientToken, String launchType,
            DeploymentController deploymentController, String availabilityZoneRebalancing) {
        this(serviceName, taskDefinition, desiredCount, deploymentConfiguration, placementConstraints, placementStrategy,
                healthCheckGracePeriodSeconds, schedulingStrategy, clientToken, launchType, deploymentController,
                availabilityZoneRebalancing, null);
    }

    public record DeploymentController(@Schema(allowableValues = {"ECS"}) @Pattern(regexp = "ECS",
            message = "only the ECS (rolling update) controller is supported") String type) {
    }
}
