package dev.gantry.taskdef;

import dev.gantry.cluster.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * RegisterTaskDefinition with the ECS member names. Bean Validation is deliberately not used: the
 * {@link TaskDefinitionValidator} checks everything at once so one response lists every problem.
 */
@Schema(name = "RegisterTaskDefinitionRequest", example = """
        {"family": "web", "networkMode": "bridge", "memory": "1 GB",
         "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memoryReservation": 256,
           "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}],
           "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}}],
         "tags": [{"key": "team", "value": "core"}]}""")
public record RegisterTaskDefinitionRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9_-]{1,255}", example = "web")
        String family,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1 to 10 containers, unique names")
        List<ContainerDefinition> containerDefinitions,
        @Schema(example = "arn:aws:iam::000000000000:role/app", description = "stored and echoed") String taskRoleArn,
        @Schema(description = "stored and echoed") String executionRoleArn,
        @Schema(defaultValue = "bridge") NetworkMode networkMode,
        List<Volume> volumes,
        @Schema(description = "memberOf only, at most 10") List<PlacementConstraint> placementConstraints,
        @Schema(description = "EC2 and EXTERNAL only") List<Compatibility> requiresCompatibilities,
        @Schema(description = "CPU units (\"1024\") or vCPUs (\"1 vCPU\"); EC2 range 128–196608", example = "1 vCPU")
        String cpu,
        @Schema(description = "MiB (\"2048\") or GB (\"2 GB\")", example = "2 GB") String memory,
        @Schema(description = "at most 50") List<Tag> tags,
        PidMode pidMode,
        IpcMode ipcMode) {

    public enum PidMode {
        @com.fasterxml.jackson.annotation.JsonProperty("host") HOST,
        @com.fasterxml.jackson.annotation.JsonProperty("task") TASK
    }

    public enum IpcMode {
        @com.fasterxml.jackson.annotation.JsonProperty("host") HOST,
        @com.fasterxml.jackson.annotation.JsonProperty("task") TASK,
        @com.fasterxml.jackson.annotation.JsonProperty("none") NONE
    }

    NetworkMode networkModeOrDefault() {
        return networkMode == null ? NetworkMode.BRIDGE : networkMode;
    }
}
