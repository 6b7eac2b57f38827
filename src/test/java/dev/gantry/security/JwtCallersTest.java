package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** Claims of a verified token made into a caller: subject, role (any case), clusters as a list or a string. */
class JwtCallersTest {

    private final JwtCallers callers = new JwtCallers("role", "clusters");

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.EPOCH)
                .expiresAt(Instant.EPOCH.plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void theSubjectRoleAndClustersBecomeTheCaller() {
        Caller caller = callers.convert(jwt(Map.of("sub", "alice", "role", "operator", "clusters", List.of("a", "b"))))
                .getPrincipal();
        assertThat(caller.accessKeyId()).isEqualTo("alice");
        assertThat(caller.role()).isEqualTo(Role.OPERATOR);
        assertThat(caller.clusters()).containsExactlyInAnyOrder("a", "b");
        assertThat(caller.protocol()).isEqualTo("jwt");
    }

    @Test
    void clustersAsAStringAreSplitAndAbsentMeansEvery() {
        assertThat(JwtCallers.clusters("a b,c ,, d")).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(JwtCallers.clusters(null)).isEmpty();
        assertThat(callers.convert(jwt(Map.of("sub", "x", "role", List.of("READ_ONLY")))).getPrincipal().sees("any"))
                .isTrue();
        assertThat(callers.convert(jwt(Map.of("sub", "x", "role", "read-only"))).getPrincipal().role())
                .isEqualTo(Role.READ_ONLY);
    }

    @Test
    void aTokenWithoutSubjectOrAKnownSingleRoleIsRefused() {
        assertThatThrownBy(() -> callers.convert(jwt(Map.of("sub", "x")))).isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> callers.convert(jwt(Map.of("sub", "x", "role", "ROOT"))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> callers.convert(jwt(Map.of("sub", "x", "role", List.of("ADMIN", "READ_ONLY")))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> callers.convert(jwt(Map.of("role", "ADMIN"))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }
}
