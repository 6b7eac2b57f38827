package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Optional OIDC: bearer JWTs verified by Spring Security's resource server against a JWK set (served here by a
 * local JDK HTTP server with a freshly generated RSA key), the subject and the configured role claim made into the
 * caller. Tokens of another key, of another issuer, expired, or without a role are 401 with a Bearer challenge;
 * Basic keeps working beside it.
 */
@GantryIntegrationTest
class JwtAuthenticationIT {

    private static final RSAKey SIGNING = generate("gantry-it");
    private static final RSAKey STRANGER = generate("stranger");
    private static final HttpServer IDP = jwkSetServer();
    private static final String ISSUER = "http://127.0.0.1:" + IDP.getAddress().getPort() + "/issuer";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("gantry.security.jwt.issuer-uri", () -> ISSUER);
        registry.add("gantry.security.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + IDP.getAddress().getPort() + "/jwks.json");
        registry.add("gantry.security.jwt.role-claim", () -> "groups_role");
    }

    @AfterAll
    static void stopIdp() {
        IDP.stop(0);
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwkSetServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] jwks = new JWKSet(SIGNING.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(RSAKey key, String issuer, String subject, Object role, Instant expires) throws Exception {
        return token(key, issuer, subject, role, expires, List.of("production"));
    }

    /** A token limited to {@code clusters}; an empty list leaves the claim out (every cluster). */
    private static String token(RSAKey key, String issuer, String subject, Object role, Instant expires,
            List<String> clusters) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                .issueTime(Date.from(expires.minusSeconds(600))).expirationTime(Date.from(expires));
        if (!clusters.isEmpty()) {
            claims.claim("gantry_clusters", clusters);
        }
        if (role != null) {
            claims.claim("groups_role", role);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertBearerRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(response.body()).contains("\"code\":\"UnrecognizedClientException\"");
    }

    @Test
    void aValidTokenIsLetInAsItsSubjectWithTheRoleOfItsClaim() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        String limited = "Bearer " + token(SIGNING, ISSUER, "alice@example.org", "admin", later);
        String bearer = "Bearer " + token(SIGNING, ISSUER, "alice@example.org", "admin", later, List.of());

        assertThat(call("GET", "/v1/clusters", limited, null).statusCode()).isEqualTo(200);
        // the clusters claim limits the token like a key's clusters: no minting of keys then
        assertThat(call("POST", "/v1/access-keys", limited, "{\"role\":\"READ_ONLY\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> created = call("POST", "/v1/access-keys", bearer, "{\"role\":\"READ_ONLY\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        TestCredentials.rememberSecretIn(created.body());
        assertThat(created.body()).contains("\"createdBy\":\"alice@example.org\"");
    }

    @Test
    void tokensOfAnotherKeyOrIssuerExpiredOrWithoutARoleAreRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        assertBearerRefused(call("GET", "/v1/clusters", "Bearer " + token(STRANGER, ISSUER, "mallory", "ADMIN", later), null));
        assertBearerRefused(call("GET", "/v1/clusters",
                "Bearer " + token(SIGNING, "http://elsewhere.example", "mallory", "ADMIN", later), null));
        assertBearerRefused(call("GET", "/v1/clusters",
                "Bearer " + token(SIGNING, ISSUER, "alice", "ADMIN", Instant.now().minusSeconds(300)), null));
        assertBearerRefused(call("GET", "/v1/clusters", "Bearer " + token(SIGNING, ISSUER, "alice", null, later), null));
        assertBearerRefused(call("GET", "/v1/clusters", "Bearer " + token(SIGNING, ISSUER, "alice", "ROOT", later), null));
        assertBearerRefused(call("GET", "/v1/clusters", "Bearer not.a.jwt", null));
    }

    @Test
    void basicKeepsWorkingAndTheChallengeNamesBearerToo() throws Exception {
        assertThat(call("GET", "/v1/clusters", TestCredentials.basic(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/clusters"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).contains("Bearer",
                "Basic realm=\"gantry\", charset=\"UTF-8\"");
    }
}
