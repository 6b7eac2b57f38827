package dev.gantry.security;

import java.util.Objects;
import java.util.Set;

/**
 * An access key that authenticates now (not revoked, not expired), with its secret opened, for the one request
 * being authenticated: Basic compares the secret, SigV4 derives its signing key from it. Never cached beyond the
 * request, never logged ({@link #toString()} leaves the secret out).
 *
 * @param clusters the clusters the key is limited to; empty means every cluster
 */
public record ActiveKey(String accessKeyId, Role role, Set<String> clusters, String secretAccessKey) {

    public ActiveKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(role, "role");
        clusters = Set.copyOf(clusters);
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** The caller this key makes of a request that authenticated with it. */
    public Caller caller(String protocol, String sourceAddress) {
        return new Caller(accessKeyId, role, clusters, protocol, sourceAddress);
    }

    @Override
    public String toString() {
        return "ActiveKey[accessKeyId=" + accessKeyId + ", role=" + role + ", clusters=" + clusters + "]";
    }
}
