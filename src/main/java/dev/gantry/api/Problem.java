package dev.gantry.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Documentation shape of the RFC 9457 problem+json body every error uses. */
@Schema(name = "Problem", description = "RFC 9457 problem details with the ECS error name in code")
public record Problem(
        @Schema(example = "https://gantry.dev/problems/ClusterNotFoundException") String type,
        @Schema(example = "ClusterNotFoundException") String title,
        @Schema(example = "404") int status,
        @Schema(example = "Cluster not found.") String detail,
        @Schema(example = "ClusterNotFoundException") String code,
        List<ApiException.FieldProblem> errors) {
}
