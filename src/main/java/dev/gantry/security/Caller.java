package dev.gantry.security;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of one request: the principal of Spring Security's {@code Authentication}.
 *
 * @param accessKeyId   the access key that signed or sent the request (for a bearer token, the token's subject)
 * @param role          what the key may do
 * @param clusters      the cluster names the key is limited to; empty means every cluster
 * @param protocol      how it authenticated: {@code basic}, {@code sigv4} or {@code jwt}
 * @param sourceAddress the client address the request came from
 */
public record Caller(String accessKeyId, Role role, Set<String> clusters, String protocol, String sourceAddress) {

    public Caller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(role, "role");
        clusters = Set.copyOf(clusters);
        Objects.requireNonNull(protocol, "protocol");
    }

    /** Whether this caller may see the cluster of that name at all (a key limited to others must not learn it exists). */
    public boolean sees(String clusterName) {
        return clusters.isEmpty() || clusters.contains(clusterName);
    }

    /** Whether this key is limited to some clusters. */
    public boolean limitedToClusters() {
        return !clusters.isEmpty();
    }
}
