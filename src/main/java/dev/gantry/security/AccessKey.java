package dev.gantry.security;

import java.time.Instant;
import java.util.List;

/**
 * One stored access key, without its secret.
 *
 * @param clusters the clusters it is limited to; null means every cluster
 */
record AccessKey(String accessKeyId, Role role, List<String> clusters, String description, Instant createdAt,
        Instant expiresAt, Instant revokedAt, String createdBy, Instant lastUsedAt) {

    /** Whether it authenticates at {@code now}: neither revoked nor past its expiry. */
    boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
