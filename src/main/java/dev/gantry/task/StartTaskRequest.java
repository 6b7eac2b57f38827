package dev.gantry.task;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** StartTask: one task on each named instance; resources, ports and attributes are still checked. */
public record StartTaskRequest(
        @NotBlank @Schema(example = "web:3") String taskDefinition,
        @NotEmpty @Size(max = 10) List<@NotBlank String> containerInstances,
        @Size(max = 255) String group,
        @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9\\-/_]*", message = "may contain only letters, digits, -, / and _")
        String startedBy,
        @Valid TaskOverride overrides,
        @Size(max = 64) String referenceId,
        @Size(max = 50) @Schema(description = "ECS resource tags, at most 50") List<dev.gantry.cluster.@Valid Tag> tags) {

    /** Without tags. */
    public StartTaskRequest(String taskDefinition, List<String> containerInstances, String group, String startedBy,
            TaskOverride overrides, String referenceId) {
        this(taskDefinition, containerInstances, group, startedBy, overrides, referenceId, null);
    }
}
