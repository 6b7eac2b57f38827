package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.GantryApplication;
import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication of the whole application over real HTTP on a real PostgreSQL: no credentials, a wrong secret, an
 * unknown, expired or revoked key (revoked through a second application context on the same database, i.e. another
 * replica) are 401 with a challenge and problem+json; the right key is let in; health and the API docs are open;
 * secrets appear in no GET response and no log line.
 */
@GantryIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode createKey(String body) throws Exception {
        HttpResponse<String> created = call("POST", "/v1/access-keys", TestCredentials.basic(), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json.readTree(TestCredentials.rememberSecretIn(created.body()));
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .contains("Basic realm=\"gantry\", charset=\"UTF-8\"", "AWS4-HMAC-SHA256");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"", "\"status\":401");
    }

    @Test
    void withoutCredentialsEveryApiEndpointIsA401WithAChallenge() throws Exception {
        for (String path : new String[] {"/v1/clusters", "/v1/access-keys", "/v1/task-definitions",
                "/v1/clusters/default/tasks", "/actuator/prometheus", "/actuator/info", "/no-such-path"}) {
            assertRefused(call("GET", path, null, null), "MissingAuthenticationTokenException");
        }
        assertRefused(call("POST", "/v1/clusters", null, "{\"clusterName\":\"nope\"}"),
                "MissingAuthenticationTokenException");
        assertRefused(call("DELETE", "/v1/access-keys/" + TestCredentials.ACCESS_KEY_ID, null, null),
                "MissingAuthenticationTokenException");
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = 'nope'").query(Long.class).single()).isZero();
        assertRefused(call("GET", "/v1/clusters", "Bearer not-enabled", null), "MissingAuthenticationTokenException");
    }

    @Test
    void healthAndTheApiDocumentationAreOpen() throws Exception {
        assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> docs = call("GET", "/v3/api-docs", null, null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/v1/access-keys", "CreateAccessKey");
    }

    @Test
    void theRightKeyIsLetInAndAWrongSecretOrAnUnknownKeyIsNot() throws Exception {
        assertThat(call("GET", "/v1/clusters", TestCredentials.basic(), null).statusCode()).isEqualTo(200);
        assertRefused(call("GET", "/v1/clusters",
                TestCredentials.basic(TestCredentials.ACCESS_KEY_ID, "X" + TestCredentials.SECRET_ACCESS_KEY.substring(1)),
                null), "UnrecognizedClientException");
        assertRefused(call("GET", "/v1/clusters", TestCredentials.basic(TestCredentials.ACCESS_KEY_ID, ""), null),
                "UnrecognizedClientException");
        assertRefused(call("GET", "/v1/clusters",
                TestCredentials.basic("GKUNKNOWN0UNKNOWN000", TestCredentials.SECRET_ACCESS_KEY), null),
                "UnrecognizedClientException");
        assertRefused(call("GET", "/v1/clusters", TestCredentials.basic("not-a-key", "x"), null),
                "UnrecognizedClientException");
        assertRefused(call("GET", "/v1/clusters", "Basic %%%", null), "UnrecognizedClientException");
    }

    @Test
    void aNewKeyAuthenticatesAndItsSecretIsInNoGetResponseAndNoLogLine(CapturedOutput output) throws Exception {
        JsonNode created = createKey("{\"role\":\"READ_ONLY\",\"description\":\"reader\"}");
        String id = created.get("accessKeyId").asString();
        String secret = created.get("secretAccessKey").asString();
        assertThat(id).matches("GK[A-Z0-9]{18}");
        assertThat(secret).matches("[A-Za-z0-9/+]{40}");

        assertThat(call("GET", "/v1/clusters", TestCredentials.basic(id, secret), null).statusCode()).isEqualTo(200);

        HttpResponse<String> one = call("GET", "/v1/access-keys/" + id, TestCredentials.basic(), null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains(id, "READ_ONLY", "\"createdBy\":\"" + TestCredentials.ACCESS_KEY_ID + "\"")
                .doesNotContain(secret, "secretAccessKey");
        assertThat(json.readTree(one.body()).get("lastUsedAt")).as("the use was recorded").isNotNull();
        HttpResponse<String> list = call("GET", "/v1/access-keys", TestCredentials.basic(), null);
        assertThat(list.body()).contains(id).doesNotContain(secret, "secretAccessKey",
                TestCredentials.SECRET_ACCESS_KEY);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(TestCredentials.SECRET_ACCESS_KEY);
        assertThat(output.getAll()).contains("Access key " + id + " created");
    }

    @Test
    void anExpiredKeyIsA401() throws Exception {
        JsonNode created = createKey("{\"role\":\"ADMIN\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
        String id = created.get("accessKeyId").asString();
        String secret = created.get("secretAccessKey").asString();
        assertThat(call("GET", "/v1/clusters", TestCredentials.basic(id, secret), null).statusCode()).isEqualTo(200);

        // time moves past the expiry (the row, not the clock, so the rest of the shared context is untouched)
        jdbc.sql("UPDATE access_key SET expires_at = now() - interval '1 second' WHERE access_key_id = ?").param(id)
                .update();

        assertRefused(call("GET", "/v1/clusters", TestCredentials.basic(id, secret), null), "UnrecognizedClientException");
        assertThat(call("GET", "/v1/access-keys/" + id, TestCredentials.basic(), null).body())
                .contains("\"status\":\"EXPIRED\"");
    }

    @Test
    void aKeyRevokedOnAnotherReplicaIsRefusedOnTheNextRequestHere(CapturedOutput output) throws Exception {
        JsonNode created = createKey("{\"role\":\"OPERATOR\",\"clusters\":[\"production\"]}");
        String id = created.get("accessKeyId").asString();
        String secret = created.get("secretAccessKey").asString();
        assertThat(call("GET", "/v1/clusters", TestCredentials.basic(id, secret), null).statusCode()).isEqualTo(200);

        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(GantryApplication.class).profiles("it")
                .properties("spring.datasource.url=" + pool.getJdbcUrl(),
                        "spring.datasource.username=" + pool.getUsername(),
                        "spring.datasource.password=" + pool.getPassword(), "server.port=0")
                .run()) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + otherPort + "/v1/access-keys/" + id))
                    .header("Authorization", TestCredentials.basic()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.body()).contains("\"status\":\"REVOKED\"").doesNotContain(secret);

            assertRefused(call("GET", "/v1/clusters", TestCredentials.basic(id, secret), null),
                    "UnrecognizedClientException");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void createValidationNamesTheFieldAndAnUnknownKeyIs404() throws Exception {
        HttpResponse<String> noRole = call("POST", "/v1/access-keys", TestCredentials.basic(), "{}");
        assertThat(noRole.statusCode()).isEqualTo(400);
        assertThat(noRole.body()).contains("\"field\":\"role\"");
        HttpResponse<String> past = call("POST", "/v1/access-keys", TestCredentials.basic(),
                "{\"role\":\"ADMIN\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("\"field\":\"expiresAt\"");
        HttpResponse<String> missing = call("GET", "/v1/access-keys/GKUNKNOWN0UNKNOWN000", TestCredentials.basic(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("AccessKeyNotFoundException");
    }
}
