package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import dev.gantry.security.EndpointRequests.Call;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12's authentication matrix over real HTTP on a real PostgreSQL: for every row of {@link RestActions} (the
 * table itself is iterated, so a new row is covered without edits) and every way of failing to authenticate (none,
 * HTTP Basic with a wrong secret for a real key, an unknown key, an expired key, a revoked key, and SigV4 signed by
 * the AWS SDK with a wrong secret, an unknown, an expired and a revoked key): 401, both challenges, problem+json with
 * the ECS code, nothing changed (what every refused write would have created, changed or deleted is looked at with
 * the right key), and one audit row per refusal with the key id tried and no secret. Then the audit cap: failed logins
 * from one source past the cap are one summary row, not a row each.
 *
 * <p>The audit log caps failed logins per source address ({@link AuditSettings#capPerWindow()}); every client of the
 * test suite connects from 127.0.0.1, so each row's requests here come from an address of its own in 127.42.0.0/16
 * (all of 127/8 is loopback), which gets fewer refusals than the cap: every one must have its own row.
 */
@GantryIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationEveryEndpointIT {

    private static final String MISSING = "MissingAuthenticationTokenException";
    private static final String UNRECOGNIZED = "UnrecognizedClientException";
    private static final String INVALID_SIGNATURE = "InvalidSignatureException";
    private static final String WRONG_SECRET = "WrongSecretOfAuthenticationEveryEndpoint0";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditSettings auditSettings;

    @Autowired
    RateLimitSettings rateLimitSettings;

    private final SdkSigner signer = new SdkSigner();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String cluster = "authn-" + run;
    private final String family = "authn-" + run;
    private final String newCluster = "authn-new-" + run;
    private final String newKeyDescription = "AuthenticationEveryEndpointIT " + run;
    private final String unknownKeyId = "GKNOSUCHKEY" + run.toUpperCase().replaceAll("[^A-Z0-9]", "0") + "0";

    private Key real;
    private Key expired;
    private Key revoked;
    private EndpointRequests requests;

    private record Key(String id, String secret) {
    }

    /**
     * One way of failing to authenticate: what is sent, the code it is refused with, the key id and protocol its
     * audit row names.
     */
    private record Credentials(String name, String protocol, String keyId, String secret, String code) {

        static Credentials none() {
            return new Credentials("no credentials", null, null, null, MISSING);
        }

        static Credentials basic(String name, String keyId, String secret) {
            return new Credentials("Basic, " + name, "basic", keyId, secret, UNRECOGNIZED);
        }

        static Credentials sigV4(String name, String keyId, String secret, String code) {
            return new Credentials("SigV4, " + name, "sigv4", keyId, secret, code);
        }
    }

    private record Sent(Call call, Credentials credentials, String source, String requestId,
                        HttpResponse<String> response) {

        String what() {
            return call.action() + " (" + call.method() + " " + call.path() + ") with " + credentials.name();
        }
    }

    @BeforeAll
    void clusterServiceTaskDefinitionAndKeys() throws Exception {
        ok(admin("POST", "/v1/clusters", "{\"clusterName\":\"" + cluster + "\"}"));
        ok(admin("POST", "/v1/task-definitions", """
                {"family":"%s","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1","memory":16}]}"""
                .formatted(family)));
        ok(admin("POST", "/v1/clusters/" + cluster + "/services",
                "{\"serviceName\":\"web\",\"taskDefinition\":\"" + family + "\",\"desiredCount\":0}"));
        real = key();
        expired = key();
        revoked = key();
        // past its expiry by the row, not the clock, so the rest of the shared context is untouched
        assertThat(jdbc.sql("UPDATE access_key SET expires_at = now() - interval '1 second' WHERE access_key_id = ?")
                .param(expired.id()).update()).isEqualTo(1);
        HttpResponse<String> revocation = admin("DELETE", "/v1/access-keys/" + revoked.id(), null);
        ok(revocation);
        assertThat(revocation.body()).contains("\"status\":\"REVOKED\"");

        // each write addresses something real, or asks for something this test can look for, so that a refused
        // request that got through anyway would show in the state compared after the matrix
        requests = EndpointRequests.forFamily(family)
                .withBody("CreateCluster", "{\"clusterName\":\"" + newCluster + "\"}")
                .withBody("UpdateService", "{\"desiredCount\":2}")
                .withBody("CreateAccessKey", "{\"role\":\"ADMIN\",\"description\":\"" + newKeyDescription + "\"}")
                .withTarget("DeregisterTaskDefinition", family + ":1")
                .withTarget("DescribeTaskDefinition", family + ":1")
                .withTarget("DeleteAccessKey", real.id())
                .withTarget("DescribeAccessKey", real.id());
    }

    private List<Credentials> failingCredentials() {
        return List.of(
                Credentials.none(),
                Credentials.basic("a real key with a wrong secret", real.id(), WRONG_SECRET),
                Credentials.basic("an unknown key", unknownKeyId, real.secret()),
                Credentials.basic("an expired key", expired.id(), expired.secret()),
                Credentials.basic("a revoked key", revoked.id(), revoked.secret()),
                Credentials.sigV4("a real key with a wrong secret", real.id(), WRONG_SECRET, INVALID_SIGNATURE),
                Credentials.sigV4("an unknown key", unknownKeyId, real.secret(), UNRECOGNIZED),
                Credentials.sigV4("an expired key", expired.id(), expired.secret(), UNRECOGNIZED),
                Credentials.sigV4("a revoked key", revoked.id(), revoked.secret(), UNRECOGNIZED));
    }

    @Test
    void everyEndpointHasARequestHere() {
        EndpointRequests.assertEveryRowHasARequest(requests, cluster, "arn:aws:ecs:local:000000000000:cluster/" + cluster);
    }

    @Test
    void everyEndpointRefusesEveryFailingCredentialChangesNothingAndAuditsEachRefusal() throws Exception {
        List<Credentials> credentials = failingCredentials();
        assertThat(credentials.size()).as("refusals per source stay within the audit cap, so each has its own row")
                .isLessThanOrEqualTo(auditSettings.capPerWindow());
        Map<String, Object> before = state();

        List<Sent> sent = new ArrayList<>();
        List<RestActions.Row> rows = RestActions.rows();
        for (int i = 0; i < rows.size(); i++) {
            String source = "127.42." + (i / 250) + "." + (i % 250 + 1);
            Call call = requests.callOf(rows.get(i), cluster);
            try (HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(source))
                    .connectTimeout(Duration.ofSeconds(2)).build()) {
                for (Credentials c : credentials) {
                    String requestId = "authn-every-" + run + "-" + sent.size();
                    HttpRequest request = request(call, c).header("X-Request-Id", requestId)
                            .timeout(Duration.ofSeconds(60)).build();
                    sent.add(new Sent(call, c, source, requestId, client.send(request, HttpResponse.BodyHandlers.ofString())));
                }
            }
        }
        assertThat(sent).as("rows × failing credentials").hasSize(rows.size() * credentials.size());
        assertThat(sent.stream().map(s -> s.call().action()).distinct().toList()).as("every row is called")
                .containsExactlyElementsOf(RestActions.names());

        SoftAssertions answers = new SoftAssertions();
        for (Sent s : sent) {
            HttpResponse<String> response = s.response();
            answers.assertThat(response.statusCode()).as("%s: status (%s)", s.what(), response.body()).isEqualTo(401);
            answers.assertThat(response.headers().allValues("WWW-Authenticate")).as("%s: challenges", s.what())
                    .contains(SecurityAnswers.BASIC_CHALLENGE, SecurityAnswers.SIGV4_CHALLENGE);
            answers.assertThat(response.headers().firstValue("Content-Type").orElse("")).as("%s: type", s.what())
                    .startsWith("application/problem+json");
            answers.assertThat(response.body()).as("%s: problem", s.what())
                    .contains("\"code\":\"" + s.credentials().code() + "\"", "\"status\":401");
        }
        answers.assertAll();

        assertThat(state()).as("what the refused writes would have changed").isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM access_key WHERE access_key_id IN (?, ?, ?) AND last_used_at IS NOT NULL")
                .params(real.id(), expired.id(), revoked.id()).query(Long.class).single())
                .as("a refused key is not noted as used").isZero();
        assertThat(call("GET", "/v1/clusters/" + cluster, TestCredentials.basic(real.id(), real.secret()), null)
                .statusCode()).as("the real key still authenticates with its secret").isEqualTo(200);

        assertEveryRefusalAudited(sent);
    }

    private void assertEveryRefusalAudited(List<Sent> sent) {
        // a refusal's body completes the response before AuditFilter writes its row
        List<Map<String, Object>> rows = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.sql("SELECT * FROM audit_event WHERE request_id LIKE ?").param("authn-every-" + run + "-%")
                        .query().listOfRows(),
                found -> found.size() >= sent.size());
        Map<Object, List<Map<String, Object>>> byRequest = rows.stream()
                .collect(Collectors.groupingBy(r -> r.get("request_id")));
        SoftAssertions audited = new SoftAssertions();
        for (Sent s : sent) {
            List<Map<String, Object>> own = byRequest.getOrDefault(s.requestId(), List.of());
            audited.assertThat(own).as("%s: audit rows", s.what()).hasSize(1);
            if (own.size() != 1) {
                continue;
            }
            Map<String, Object> row = own.getFirst();
            audited.assertThat(row.get("outcome")).as("%s: outcome", s.what()).isEqualTo("FAILED_AUTHENTICATION");
            audited.assertThat(((Number) row.get("status")).intValue()).as("%s: status", s.what()).isEqualTo(401);
            audited.assertThat(row.get("action")).as("%s: action", s.what()).isEqualTo(s.call().action());
            audited.assertThat(row.get("access_key_id")).as("%s: key tried", s.what()).isEqualTo(s.credentials().keyId());
            audited.assertThat(row.get("protocol")).as("%s: protocol", s.what()).isEqualTo(s.credentials().protocol());
            audited.assertThat(row.get("source_address")).as("%s: source", s.what()).isEqualTo(s.source());
            audited.assertThat(((Number) row.get("occurrences")).intValue()).as("%s: occurrences", s.what()).isEqualTo(1);
            if (s.call().path().startsWith("/v1/clusters/")) {
                audited.assertThat(row.get("cluster")).as("%s: cluster", s.what()).isEqualTo(cluster);
            }
        }
        audited.assertAll();
        String everyRow = jdbc.sql("SELECT string_agg(audit_event::text, ' ') FROM audit_event").query(String.class).single();
        assertThat(everyRow).as("no secret or credential in the audit log")
                .doesNotContain(WRONG_SECRET, real.secret(), expired.secret(), revoked.secret(),
                        TestCredentials.SECRET_ACCESS_KEY, "Basic ", "AWS4-HMAC-SHA256", "Signature=");
    }

    /**
     * Failed logins from one source past the cap: the first {@code capPerWindow} each have a row, the rest are one
     * summary row (their count, the source, the last one's fields) once the window has passed, and no row more.
     * Rate limits are off in profile "it"; on, the failed-login limit would answer this flood 429 (THROTTLED, a
     * subject of its own in the cap) before the credentials were checked, which RateLimitIT covers.
     */
    @Test
    void failedLoginsFromOneSourcePastTheCapAreOneSummaryRow() throws Exception {
        assertThat(rateLimitSettings.enabled()).as("rate limits off in profile it: every refusal here is a 401").isFalse();
        int cap = auditSettings.capPerWindow();
        Duration window = auditSettings.capWindow();
        int past = 15;
        List<String> ids = new ArrayList<>();
        String source = null;
        // all within one window, or the counts below would be of two windows: another source tries again
        for (int attempt = 1; attempt <= 3 && source == null; attempt++) {
            String candidate = "127.43.0." + attempt;
            ids.clear();
            long started = System.nanoTime();
            try (HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(candidate))
                    .connectTimeout(Duration.ofSeconds(2)).build()) {
                for (int i = 0; i < cap + past; i++) {
                    String requestId = "authn-cap-" + UUID.randomUUID();
                    HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri("/v1/clusters"))
                            .header("Authorization", TestCredentials.basic(real.id(), WRONG_SECRET))
                            .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
                    ids.add(requestId);
                }
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(window) < 0) {
                source = candidate;
            }
        }
        assertThat(source).as("%d failed logins sent within one cap window of %s", cap + past, window).isNotNull();

        String from = source;
        Map<String, Object> summary = Awaitility.await().atMost(window.multipliedBy(2).plusSeconds(20)).until(
                () -> jdbc.sql("SELECT * FROM audit_event WHERE source_address = ? AND occurrences > 1")
                        .param(from).query().listOfRows(),
                found -> !found.isEmpty()).getFirst();
        assertThat(((Number) summary.get("occurrences")).intValue()).as("the summary counts the rest").isEqualTo(past);
        assertThat(summary.get("outcome")).isEqualTo("FAILED_AUTHENTICATION");
        assertThat(((Number) summary.get("status")).intValue()).isEqualTo(401);
        assertThat(summary.get("action")).isEqualTo("ListClusters");
        assertThat(summary.get("access_key_id")).isEqualTo(real.id());
        assertThat(summary.get("protocol")).isEqualTo("basic");
        assertThat(summary.get("request_id")).as("it carries the last event's fields").isEqualTo(ids.getLast());

        List<Map<String, Object>> all = jdbc.sql("SELECT * FROM audit_event WHERE source_address = ? ORDER BY id")
                .param(from).query().listOfRows();
        assertThat(all).as("the first %d one by one, then the summary, and nothing more", cap).hasSize(cap + 1);
        assertThat(all.subList(0, cap)).extracting(r -> r.get("request_id")).containsExactlyElementsOf(ids.subList(0, cap));
        assertThat(all.subList(0, cap)).allSatisfy(r -> assertThat(((Number) r.get("occurrences")).intValue()).isEqualTo(1));
        assertThat(all.stream().mapToInt(r -> ((Number) r.get("occurrences")).intValue()).sum())
                .as("every failed login is counted once").isEqualTo(cap + past);
    }

    /** What the matrix's writes would change if one got through, read with the right key and from the database. */
    private Map<String, Object> state() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        JsonNode described = okJson("GET", "/v1/clusters/" + cluster);
        state.put("cluster status", described.get("status").asString());
        state.put("new cluster", admin("GET", "/v1/clusters/" + newCluster, null).statusCode());
        state.put("container instances", okJson("GET", "/v1/clusters/" + cluster + "/container-instances").get("items").toString());
        state.put("services", okJson("GET", "/v1/clusters/" + cluster + "/services").get("items").toString());
        JsonNode web = okJson("GET", "/v1/clusters/" + cluster + "/services/web");
        state.put("web", web.get("status").asString() + " desired " + web.get("desiredCount").asInt());
        state.put("tasks", okJson("GET", "/v1/clusters/" + cluster + "/tasks").get("items").toString());
        state.put("revision 1", okJson("GET", "/v1/task-definitions/" + family + ":1").get("taskDefinition").get("status").asString());
        state.put("revision 2", admin("GET", "/v1/task-definitions/" + family + ":2", null).statusCode());
        state.put("other family", admin("GET", "/v1/task-definitions/" + family + "-again:1", null).statusCode());
        state.put("real key", okJson("GET", "/v1/access-keys/" + real.id()).get("status").asString());
        state.put("new keys", jdbc.sql("SELECT count(*) FROM access_key WHERE description = ?")
                .param(newKeyDescription).query(Long.class).single());
        state.put("instances in the database", jdbc.sql(
                "SELECT count(*) FROM container_instance ci JOIN cluster c ON c.id = ci.cluster_id WHERE c.name = ?")
                .param(cluster).query(Long.class).single());
        return state;
    }

    private HttpRequest.Builder request(Call call, Credentials c) {
        if ("sigv4".equals(c.protocol())) {
            return signer.http(URI.create("http://localhost:" + port), call.method(), call.path(), call.body(),
                    c.keyId(), c.secret(), Instant.now());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(call.path())).method(call.method(),
                call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (c.keyId() != null) {
            request.header("Authorization", TestCredentials.basic(c.keyId(), c.secret()));
        }
        return request;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Key key() throws Exception {
        HttpResponse<String> created = admin("POST", "/v1/access-keys",
                "{\"role\":\"ADMIN\",\"description\":\"AuthenticationEveryEndpointIT\"}");
        ok(created);
        JsonNode key = json.readTree(TestCredentials.rememberSecretIn(created.body()));
        return new Key(key.get("accessKeyId").asString(), key.get("secretAccessKey").asString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return call(method, path, TestCredentials.basic(), body);
    }

    private JsonNode okJson(String method, String path) throws Exception {
        HttpResponse<String> response = admin(method, path, null);
        ok(response);
        return json.readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
