package dev.gantry.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * An access key as the API shows it: never its secret (that appears once, in {@link CreatedAccessKey}).
 *
 * @param status   {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED}, as of the request
 * @param clusters absent when the key may use every cluster
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AccessKey")
public record AccessKeyView(
        @Schema(example = "GKEXAMPLE0EXAMPLE000") String accessKeyId,
        @Schema(example = "OPERATOR") Role role,
        @Schema(example = "[\"production\"]") List<String> clusters,
        String description,
        @Schema(example = "ACTIVE", allowableValues = {"ACTIVE", "EXPIRED", "REVOKED"}) String status,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        @Schema(description = "the access key (or bearer subject) that created it; `bootstrap` for the first key")
        String createdBy,
        @Schema(description = "when a request last authenticated with it, to the minute") Instant lastUsedAt) {

    static AccessKeyView of(AccessKey key, Instant now) {
        String status = key.revokedAt() != null ? "REVOKED" : key.activeAt(now) ? "ACTIVE" : "EXPIRED";
        return new AccessKeyView(key.accessKeyId(), key.role(), key.clusters(), key.description(), status,
                key.createdAt(), key.expiresAt(), key.revokedAt(), key.createdBy(), key.lastUsedAt());
    }
}
