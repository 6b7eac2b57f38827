package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 on the REST API over real HTTP: requests signed by the AWS SDK for Java v2's own signer are let in as the
 * key that signed them (a signed POST's body reaches the controller intact); a wrong secret, a tampered body or
 * header, a date 20 minutes old, another service name, and an unknown key are 401 with the ECS error code.
 */
@GantryIntegrationTest
class SigV4AuthenticationIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** Signed by the SDK; the returned builder sends exactly what it signed unless a test changes something. */
    private HttpRequest.Builder signed(String method, String path, String body, String secret, Instant at,
            String service, Map<String, String> extraHeaders) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .protocol("http").host("localhost").port(port).encodedPath(path);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        extraHeaders.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(b -> {
            b.identity(AwsCredentialsIdentity.create(TestCredentials.ACCESS_KEY_ID, secret))
                    .request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "local")
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (body != null) {
                b.payload(ContentStreamProvider.fromByteArray(body.getBytes(StandardCharsets.UTF_8)));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri()).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        signed.request().headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request;
    }

    private HttpRequest.Builder signed(String method, String path, String body) {
        return signed(method, path, body, TestCredentials.SECRET_ACCESS_KEY, Instant.now(), "ecs", Map.of());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).contains("AWS4-HMAC-SHA256");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void requestsSignedByTheSdkAreLetInAndASignedBodyArrivesIntact() throws Exception {
        assertThat(send(signed("GET", "/v1/clusters", null)).statusCode()).isEqualTo(200);

        String name = "sigv4-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send(signed("POST", "/v1/clusters", "{\"clusterName\":\"" + name + "\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"clusterName\":\"" + name + "\"");
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = ?").param(name).query(Long.class).single())
                .isEqualTo(1);

        HttpResponse<String> key = send(signed("POST", "/v1/access-keys", "{\"role\":\"READ_ONLY\"}"));
        TestCredentials.rememberSecretIn(key.body());
        assertThat(key.body()).contains("\"createdBy\":\"" + TestCredentials.ACCESS_KEY_ID + "\"");
    }

    @Test
    void aWrongSecretATamperedBodyOrHeaderAnOldDateOrAnotherServiceAreRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(send(signed("GET", "/v1/clusters", null, "X" + TestCredentials.SECRET_ACCESS_KEY.substring(1),
                now, "ecs", Map.of())), "InvalidSignatureException");

        String name = "tampered-" + UUID.randomUUID().toString().substring(0, 8);
        HttpRequest.Builder tamperedBody = signed("POST", "/v1/clusters", "{\"clusterName\":\"" + name + "\"}");
        tamperedBody.method("POST", HttpRequest.BodyPublishers.ofString("{\"clusterName\":\"" + name + "x\"}"));
        assertRefused(send(tamperedBody), "InvalidSignatureException");
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name LIKE ?").param(name + "%").query(Long.class)
                .single()).isZero();

        HttpRequest.Builder tamperedHeader = signed("GET", "/v1/clusters", null, TestCredentials.SECRET_ACCESS_KEY, now,
                "ecs", Map.of("X-Gantry-Note", "signed"));
        tamperedHeader.setHeader("X-Gantry-Note", "changed");
        assertRefused(send(tamperedHeader), "InvalidSignatureException");

        assertRefused(send(signed("GET", "/v1/clusters", null, TestCredentials.SECRET_ACCESS_KEY,
                now.minus(Duration.ofMinutes(20)), "ecs", Map.of())), "InvalidSignatureException");
        assertRefused(send(signed("GET", "/v1/clusters", null, TestCredentials.SECRET_ACCESS_KEY, now, "s3", Map.of())),
                "InvalidSignatureException");
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() throws Exception {
        HttpRequest.Builder request = signed("GET", "/v1/clusters", null);
        String authorization = request.build().headers().firstValue("Authorization").orElseThrow();
        request.setHeader("Authorization", authorization.replace(TestCredentials.ACCESS_KEY_ID, "GKUNKNOWN0UNKNOWN000"));
        assertRefused(send(request), "UnrecognizedClientException");
        assertThat(List.of(authorization)).allSatisfy(a -> assertThat(a).startsWith("AWS4-HMAC-SHA256 Credential="));
    }
}
