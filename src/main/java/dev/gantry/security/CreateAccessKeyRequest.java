package dev.gantry.security;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * CreateAccessKey.
 *
 * @param clusters  cluster names the key is limited to; absent means every cluster
 * @param expiresAt after this instant the key no longer authenticates; absent means never
 */
public record CreateAccessKeyRequest(
        @NotNull @Schema(example = "OPERATOR") Role role,
        @Size(min = 1, max = 100, message = "must name 1 to 100 clusters, or be absent for every cluster")
        List<@NotNull @Size(min = 1, max = 255) @Pattern(regexp = "[A-Za-z0-9_-]+",
                message = "must be cluster names: letters, digits, hyphens and underscores") String> clusters,
        @Schema(example = "2027-01-01T00:00:00Z") Instant expiresAt,
        @Size(max = 256) @Schema(example = "CI deployments") String description) {
}
