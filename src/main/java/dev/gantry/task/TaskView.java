package dev.gantry.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The ECS Task shape as REST v1 returns it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Task")
public record TaskView(
        @Schema(example = "arn:aws:ecs:local:000000000000:task/default/0f3c9a8b7c6d5e4f3a2b1c0d9e8f7a6b") String taskArn,
        String clusterArn,
        String taskDefinitionArn,
        String containerInstanceArn,
        List<ContainerView> containers,
        JsonNode overrides,
        @Schema(allowableValues = {"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING",
                "DEPROVISIONING", "STOPPED"}) String lastStatus,
        @Schema(allowableValues = {"RUNNING", "STOPPED"}) String desiredStatus,
        @Schema(allowableValues = {"HEALTHY", "UNHEALTHY", "UNKNOWN"}) String healthStatus,
        @Schema(example = "256") String cpu,
        @Schema(example = "512") String memory,
        @Schema(example = "family:web") String group,
        String startedBy,
        @Schema(example = "EXTERNAL") String launchType,
        String availabilityZone,
        @Schema(allowableValues = {"CONNECTED", "DISCONNECTED"}) String connectivity,
        Instant createdAt,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        Instant stoppingAt,
        Instant stoppedAt,
        Instant executionStoppedAt,
        @Schema(allowableValues = {"TaskFailedToStart", "EssentialContainerExited", "UserInitiated",
                "ServiceSchedulerInitiated", "InfrastructureHealth"}) String stopCode,
        String stoppedReason,
        long version,
        List<dev.gantry.cluster.Tag> tags) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Container")
    public record ContainerView(
            String containerArn,
            String taskArn,
            String name,
            String image,
            String imageDigest,
            @Schema(description = "the Docker container id") String runtimeId,
            @Schema(allowableValues = {"PENDING", "RUNNING", "STOPPED"}) String lastStatus,
            Integer exitCode,
            String reason,
            List<TaskContainer.NetworkBinding> networkBindings,
            @Schema(allowableValues = {"HEALTHY", "UNHEALTHY", "UNKNOWN"}) String healthStatus,
            String cpu,
            String memory,
            String memoryReservation) {
    }

    /** RunTask / StartTask answer: what was started and, per task that could not be placed, why. */
    @Schema(name = "RunTaskResult")
    public record Launched(List<TaskView> tasks, List<Failure> failures) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Failure")
    public record Failure(String arn, @Schema(example = "RESOURCE:MEMORY") String reason, String detail) {
    }
}
