package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import dev.gantry.ecs.EcsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits over HTTP (issue 12 item 6): a key over its burst for one action group is answered 429 with
 * Retry-After, while another key and another group of the same key are not, and it is served again once the bucket
 * refills; failed logins from one source exhaust that source's bucket, after which even a correct secret is answered
 * 429 before it is checked, and that refusal is a THROTTLED row of the audit log. Small limits so that the waits are
 * short; waits are on the condition (Awaitility), never on a duration.
 */
@GantryIntegrationTest
@TestPropertySource(properties = {
        "gantry.security.rate-limiting.enabled=true",
        "gantry.security.rate-limits.cluster-read.burst=3",
        "gantry.security.rate-limits.cluster-read.sustained=0.5",
        "gantry.security.rate-limits.failed-authentications.burst=3",
        "gantry.security.rate-limits.failed-authentications.sustained=0.5",
        // key creation and the audit query are not what is limited here
        "gantry.security.rate-limits.administration.burst=1000",
        "gantry.security.rate-limits.administration.sustained=1000"})
class RateLimitIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Calls tried before a 429 must have come: far more than a burst plus what refills meanwhile. */
    private static final int ATTEMPTS = 60;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private Answer get(String path, String authorization, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization).GET();
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private record Key(String id, String secret) {
        String basic() {
            return TestCredentials.basic(id, secret);
        }
    }

    private Key newKey() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/access-keys"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", TestCredentials.basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"READ_ONLY\",\"description\":\"RateLimitIT\"}"))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode key = json.readTree(TestCredentials.rememberSecretIn(response.body()));
        return new Key(key.get("accessKeyId").asString(), key.get("secretAccessKey").asString());
    }

    private static void assertThrottled(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(429);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("ThrottlingException");
        assertThat(answer.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(Integer.parseInt(answer.header("Retry-After"))).as("whole seconds, at least one").isPositive();
    }

    @Test
    void aKeyOverItsBurstIsAnswered429WithRetryAfterForThatGroupOnlyAndServedAgainAfterTheWait() throws Exception {
        Key limited = newKey();
        Key other = newKey();

        int admitted = 0;
        Answer last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            last = get("/v1/clusters", limited.basic(), null);
            if (last.status() != 200) {
                break;
            }
            admitted++;
        }
        assertThat(admitted).as("at least the burst is served").isGreaterThanOrEqualTo(3);
        assertThrottled(last);

        assertThat(get("/v1/clusters", other.basic(), null).status()).as("another key, same group").isEqualTo(200);
        assertThat(get("/v1/task-definitions", limited.basic(), null).status())
                .as("the same key, another group").isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/v1/clusters", limited.basic(), null).status(), status -> status == 200);
    }

    @Test
    void anEcsCallOverTheBurstIsEcsOwnThrottlingExceptionWhichTheSdkKnows() throws Exception {
        Key limited = newKey();
        try (EcsClient ecs = EcsClients.of(port, limited.id(), limited.secret())) {
            int admitted = 0;
            EcsException refused = null;
            for (int i = 0; i < ATTEMPTS && refused == null; i++) {
                try {
                    ecs.listClusters();
                    admitted++;
                } catch (EcsException e) {
                    refused = e;
                }
            }
            assertThat(admitted).as("at least the burst is served").isGreaterThanOrEqualTo(3);
            assertThat(refused).as("throttled within " + ATTEMPTS + " calls").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
            assertThat(refused.isThrottlingException()).as("the SDK retries it as throttling").isTrue();
        }
    }

    @Test
    void failedLoginsFromOneSourceAreThrottledBeforeEvenACorrectSecretIsChecked() throws Exception {
        Key key = newKey();
        String wrong = TestCredentials.basic(key.id(), "WrongSecretForRateLimitIT00000000000000");

        int refusedAsUnauthorised = 0;
        Answer last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            last = get("/v1/clusters", wrong, null);
            if (last.status() != 401) {
                break;
            }
            refusedAsUnauthorised++;
        }
        assertThat(refusedAsUnauthorised).as("the source's burst of failed logins").isGreaterThanOrEqualTo(3);
        assertThrottled(last);

        String requestId = "rate-limit-it-" + UUID.randomUUID();
        Answer correct = get("/v1/clusters", key.basic(), requestId);
        assertThrottled(correct);
        assertThat(correct.body()).doesNotContain(key.secret());

        // written after the answer is complete (see AuditLogIT): wait for the row
        Map<String, Object> row = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.sql("SELECT * FROM audit_event WHERE request_id = ?").param(requestId).query().listOfRows(),
                rows -> rows.size() == 1).getFirst();
        assertThat(row.get("outcome")).isEqualTo("THROTTLED");
        assertThat(((Number) row.get("status")).intValue()).isEqualTo(429);
        assertThat(row.get("action")).isEqualTo("ListClusters");
        assertThat(row.get("access_key_id")).isEqualTo(key.id());
        String everyRow = jdbc.sql("SELECT string_agg(audit_event::text, ' ') FROM audit_event").query(String.class).single();
        assertThat(everyRow).doesNotContain(key.secret()).doesNotContain("WrongSecretForRateLimitIT");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/v1/clusters", key.basic(), null).status(), status -> status == 200);
    }
}
