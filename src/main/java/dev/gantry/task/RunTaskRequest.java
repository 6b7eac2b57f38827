package dev.gantry.task;

import dev.gantry.shared.PlacementInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** RunTask. Placed tasks come back in tasks[], the rest in failures[]. */
public record RunTaskRequest(
        @NotBlank @Schema(example = "web:3", description = "family, family:revision or ARN") String taskDefinition,
        @Min(1) @Max(10) @Schema(example = "1", defaultValue = "1") Integer count,
        @Size(max = 255) @Schema(example = "family:web") String group,
        @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9\\-/_]*", message = "may contain only letters, digits, -, / and _")
        String startedBy,
        @Size(max = 10) List<PlacementInput.@Valid Constraint> placementConstraints,
        @Size(max = 5) List<PlacementInput.@Valid Strategy> placementStrategy,
        @Valid TaskOverride overrides,
        @Size(max = 64) @Pattern(regexp = "[\\x21-\\x7E]*", message = "must be printable ASCII without spaces")
        @Schema(description = "makes retries idempotent; reuse with other parameters is a ConflictException")
        String clientToken,
        @Schema(allowableValues = {"EC2", "EXTERNAL"}) String launchType,
        @Size(max = 64) String referenceId,
        @Size(max = 50) @Schema(description = "ECS resource tags, at most 50") List<dev.gantry.cluster.@Valid Tag> tags) {

    /** Without tags. */
    public RunTaskRequest(String taskDefinition, Integer count, String group, String startedBy,
            List<PlacementInput.Constraint> placementConstraints, List<PlacementInput.Strategy> placementStrategy,
            TaskOverride overrides, String clientToken, String launchType, String referenceId) {
        this(taskDefinition, count, group, startedBy, placementConstraints, placementStrategy, overrides, clientToken,
                launchType, referenceId, null);
    }
}
