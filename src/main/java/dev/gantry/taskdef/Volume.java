package dev.gantry.taskdef;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A task volume: a host bind mount ({@code host}) or a Docker volume ({@code dockerVolumeConfiguration}). */
public record Volume(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "data") String name,
        HostVolumeProperties host,
        DockerVolumeConfiguration dockerVolumeConfiguration) {

    /** A bind mount of {@code sourcePath}; without it Docker manages an anonymous volume. */
    public record HostVolumeProperties(@Schema(example = "/var/lib/app") String sourcePath) {
    }

    /** A Docker named volume; {@code autoprovision} applies only to {@code shared} scope. */
    public record DockerVolumeConfiguration(
            @Schema(description = "task: removed with the task; shared: outlives it") Scope scope,
            Boolean autoprovision,
            @Schema(example = "local") String driver,
            Map<String, String> driverOpts,
            Map<String, String> labels) {

        /** ECS's default scope, {@code task}; describe shows the scope only when it was given. */
        public Scope scopeOrDefault() {
            return scope == null ? Scope.TASK : scope;
        }
    }

    public enum Scope {
        @JsonProperty("task") TASK,
        @JsonProperty("shared") SHARED
    }
}
