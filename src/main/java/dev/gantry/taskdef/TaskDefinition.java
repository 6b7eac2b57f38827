package dev.gantry.taskdef;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A registered, immutable task definition revision: the ECS TaskDefinition shape on the wire and the
 * domain value other features (tasks, services) launch from. {@code cpu} and {@code memory} are
 * normalised integers (CPU units, MiB) and are written as strings, as ECS does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TaskDefinition")
public record TaskDefinition(
        @JsonIgnore long id,
        @Schema(example = "arn:aws:ecs:local:000000000000:task-definition/web:3") String taskDefinitionArn,
        @Schema(example = "web") String family,
        @Schema(example = "3") int revision,
        @Schema(allowableValues = {"ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"}) TaskDefinitionStatus status,
        List<ContainerDefinition> containerDefinitions,
        String taskRoleArn,
        String executionRoleArn,
        NetworkMode networkMode,
        List<Volume> volumes,
        List<Attribute> requiresAttributes,
        List<PlacementConstraint> placementConstraints,
        @Schema(description = "always EC2 and EXTERNAL") List<Compatibility> compatibilities,
        List<Compatibility> requiresCompatibilities,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "1024") Integer cpu,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "2048") Integer memory,
        RegisterTaskDefinitionRequest.PidMode pidMode,
        RegisterTaskDefinitionRequest.IpcMode ipcMode,
        Instant registeredAt,
        Instant deregisteredAt,
        @Schema(description = "set by DeleteTaskDefinitions (status DELETE_IN_PROGRESS)") Instant deleteRequestedAt) {

    /** The launch types every Gantry task definition works with. */
    public static final List<Compatibility> COMPATIBILITIES = List.of(Compatibility.EC2, Compatibility.EXTERNAL);

    /** A host attribute the task needs, e.g. {@link RequiredAttributes#CONTAINER_HEALTH_CHECK}. */
    public record Attribute(@Schema(example = "ecs.capability.container-health-check") String name) {
    }

    @JsonIgnore
    public boolean isActive() {
        return status == TaskDefinitionStatus.ACTIVE;
    }

    /** {@code family:revision}, the short reference tasks and services show. */
    public String familyRevision() {
        return family + ":" + revision;
    }
}
