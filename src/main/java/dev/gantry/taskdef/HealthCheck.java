package dev.gantry.taskdef;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A container health check; registration fills the ECS defaults so describe shows the effective values. */
public record HealthCheck(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "starts with CMD or CMD-SHELL",
                example = "[\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]") List<String> command,
        @Schema(minimum = "5", maximum = "300", defaultValue = "30", description = "seconds") Integer interval,
        @Schema(minimum = "2", maximum = "60", defaultValue = "5", description = "seconds") Integer timeout,
        @Schema(minimum = "1", maximum = "10", defaultValue = "3") Integer retries,
        @Schema(minimum = "0", maximum = "300", defaultValue = "0", description = "seconds") Integer startPeriod) {

    public static final int DEFAULT_INTERVAL = 30;
    public static final int DEFAULT_TIMEOUT = 5;
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_START_PERIOD = 0;

    HealthCheck withDefaults() {
        return new HealthCheck(command, interval == null ? DEFAULT_INTERVAL : interval,
                timeout == null ? DEFAULT_TIMEOUT : timeout, retries == null ? DEFAULT_RETRIES : retries,
                startPeriod == null ? DEFAULT_START_PERIOD : startPeriod);
    }
}
