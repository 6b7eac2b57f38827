package dev.gantry.service;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** ECS deploymentConfiguration (rolling updates, ECS controller). */
@Schema(name = "DeploymentConfiguration")
public record DeploymentConfiguration(
        @Min(100) @Max(400) @Schema(example = "200", description = "REPLICA default 200; DAEMON must be 100") Integer maximumPercent,
        @Min(0) @Max(100) @Schema(example = "100", description = "REPLICA default 100; DAEMON default 0") Integer minimumHealthyPercent,
        @Valid DeploymentCircuitBreaker deploymentCircuitBreaker) {

    @Schema(name = "DeploymentCircuitBreaker")
    public record DeploymentCircuitBreaker(
            @NotNull Boolean enable,
            @NotNull Boolean rollback,
            @Min(1) @Max(10000) @Schema(description = "Gantry extension: failed tasks that trip the breaker; "
                    + "default clamp(ceil(0.5 × desiredCount), 3, 200)") Integer threshold) {
    }

    public static DeploymentConfiguration defaults(boolean daemon) {
        return new DeploymentConfiguration(daemon ? 100 : 200, daemon ? 0 : 100,
                new DeploymentCircuitBreaker(false, false, null));
    }

    /** Missing members take the defaults of the scheduling strategy. */
    public DeploymentConfiguration withDefaults(boolean daemon) {
        DeploymentConfiguration d = defaults(daemon);
        return new DeploymentConfiguration(maximumPercent == null ? d.maximumPercent : maximumPercent,
                minimumHealthyPercent == null ? d.minimumHealthyPercent : minimumHealthyPercent,
                deploymentCircuitBreaker == null ? d.deploymentCircuitBreaker : deploymentCircuitBreaker);
    }
}
