package dev.gantry.task;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** ECS TaskOverride: per-container command, environment and sizes, and task-level cpu/memory. */
@Schema(name = "TaskOverride")
public record TaskOverride(
        @Size(max = 10) List<@Valid ContainerOverride> containerOverrides,
        @Schema(example = "512") String cpu,
        @Schema(example = "1024") String memory) {

    @Schema(name = "ContainerOverride")
    public record ContainerOverride(
            @NotBlank String name,
            List<String> command,
            List<@Valid KeyValuePair> environment,
            @Min(0) Integer cpu,
            @Min(6) Integer memory,
            @Min(1) Integer memoryReservation) {
    }

    public record KeyValuePair(@NotBlank String name, String value) {
    }
}
