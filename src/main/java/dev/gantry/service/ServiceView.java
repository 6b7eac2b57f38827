package dev.gantry.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.cluster.Tag;
import dev.gantry.shared.PlacementInput;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The ECS Service shape as REST v1 returns it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Service")
public record ServiceView(
        @Schema(example = "arn:aws:ecs:local:000000000000:service/default/web") String serviceArn,
        String serviceName,
        String clusterArn,
        @Schema(allowableValues = {"ACTIVE", "DRAINING", "INACTIVE"}) String status,
        int desiredCount,
        int runningCount,
        int pendingCount,
        String launchType,
        String taskDefinition,
        DeploymentConfiguration deploymentConfiguration,
        List<DeploymentView> deployments,
        List<EventView> events,
        Instant createdAt,
        List<PlacementInput.Constraint> placementConstraints,
        List<PlacementInput.Strategy> placementStrategy,
        int healthCheckGracePeriodSeconds,
        @Schema(allowableValues = {"REPLICA", "DAEMON"}) String schedulingStrategy,
        CreateServiceRequest.DeploymentController deploymentController,
        @Schema(allowableValues = {"ENABLED", "DISABLED"}) String availabilityZoneRebalancing,
        long version,
        List<Tag> tags) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Deployment")
    public record DeploymentView(
            @Schema(example = "ecs-svc/1234567890123456789") String id,
            @Schema(allowableValues = {"PRIMARY", "ACTIVE", "INACTIVE"}) String status,
            String taskDefinition,
            int desiredCount,
            int pendingCount,
            int runningCount,
            int failedTasks,
            Instant createdAt,
            Instant updatedAt,
            String launchType,
            @Schema(allowableValues = {"IN_PROGRESS", "COMPLETED", "FAILED"}) String rolloutState,
            String rolloutStateReason) {
    }

    /** A service with every deployment it has had, newest first (INACTIVE ones included). */
    public record History(ServiceView service, List<DeploymentView> deployments) {
    }

    @Schema(name = "ServiceEvent")
    public record EventView(String id, Instant createdAt, String message) {
    }
}
