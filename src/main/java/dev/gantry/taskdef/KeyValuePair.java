package dev.gantry.taskdef;

import io.swagger.v3.oas.annotations.media.Schema;

/** An environment variable. */
public record KeyValuePair(@Schema(example = "LOG_LEVEL") String name, @Schema(example = "info") String value) {
}
