package dev.gantry.cluster;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** ECS knows one cluster setting, containerInsights; Gantry stores it and reports it back. */
public record ClusterSetting(
        @NotNull @Pattern(regexp = "containerInsights", message = "must be containerInsights")
        @Schema(example = "containerInsights") String name,
        @NotNull @Pattern(regexp = "enhanced|enabled|disabled", message = "must be one of enhanced, enabled, disabled")
        @Schema(example = "enabled") String value) {
}
