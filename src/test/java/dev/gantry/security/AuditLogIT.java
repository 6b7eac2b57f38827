package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import dev.gantry.security.EndpointRequests.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log on the whole application and PostgreSQL: a row for every mutating REST action (every row of
 * RestActions is called once; reads leave none), for failed logins, none holding a secret; the filters and pages of
 * GET /v1/audit-events; retention deleting only what is old.
 */
@GantryIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
// other test classes fail to log in from this same address: without a high cap their 401s would use up this one's
@TestPropertySource(properties = "gantry.security.audit.cap-per-window=100000")
class AuditLogIT {

    private static Boolean authenticationOn;

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditRetention retention;

    @LocalServerPort
    int port;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyMutatingActionLeavesOneRowWithItsStatusAndReadsLeaveNone() {
        String c = unique("audited");
        // the cluster is created by the table's first row and deleted by its fourth: later rows address a cluster gone
        List<Call> requests = EndpointRequests.forFamily(unique("audited"))
                .withBody("CreateCluster", "{\"clusterName\":\"" + c + "\"}").every(c);
        Set<String> covered = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Call r : requests) {
            Action action = RestActions.of(r.method(), r.path())
                    .orElseThrow(() -> new AssertionError("no row: " + r.method() + " " + r.path()));
            covered.add(action.name());
            String requestId = "audit-it-" + UUID.randomUUID();
            RestTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(r.method())).uri(r.path())
                    .header("X-Request-Id", requestId);
            if (r.body() != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(r.body());
            }
            int status = request.exchange().returnResult(String.class).getStatus().value();
            List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM audit_event WHERE request_id = ?")
                    .param(requestId).query().listOfRows();
            if (!action.mutating()) {
                if (!rows.isEmpty()) {
                    problems.add(action.name() + ": a read left " + rows);
                }
                continue;
            }
            if (rows.size() != 1) {
                problems.add(action.name() + ": " + rows.size() + " rows");
                continue;
            }
            Map<String, Object> row = rows.getFirst();
            assertThat(row.get("action")).as(action.name()).isEqualTo(action.name());
            assertThat(((Number) row.get("status")).intValue()).as(action.name()).isEqualTo(status);
            assertThat(row.get("outcome")).as(action.name()).isEqualTo(AuditOutcome.ofStatus(status).name());
            assertThat(row.get("source_address")).as(action.name()).isNotNull();
            if (r.path().startsWith("/v1/clusters/")) {
                assertThat(row.get("cluster")).as(action.name()).isEqualTo(c);
            }
            if (authenticationIsOn()) {
                assertThat(row.get("access_key_id")).as(action.name()).isEqualTo(TestCredentials.ACCESS_KEY_ID);
                assertThat(row.get("protocol")).as(action.name()).isEqualTo("basic");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(covered).as("every RestActions row is called").containsExactlyInAnyOrderElementsOf(RestActions.names());
    }

    @Test
    void failedLoginsAreRecordedWithTheKeyTriedAndNoSecretAnywhere(CapturedOutput output) {
        Assumptions.assumeTrue(authenticationIsOn(), "needs the authentication filter chain (helper keys)");
        String wrongSecret = "WrongSecretForAuditLogIT0000000000000000";
        RestTestClient anonymous = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        String none = "audit-it-" + UUID.randomUUID();
        String wrong = "audit-it-" + UUID.randomUUID();
        anonymous.get().uri("/v1/clusters").header("X-Request-Id", none).exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/v1/clusters").header("X-Request-Id", wrong)
                .header(TestCredentials.AUTHORIZATION, TestCredentials.basic(TestCredentials.ACCESS_KEY_ID, wrongSecret))
                .contentType(MediaType.APPLICATION_JSON).body("{\"clusterName\":\"never\"}")
                .exchange().expectStatus().isUnauthorized();

        // the refusal's body is written through Jackson, which closes the stream and so completes the response:
        // the client can read the 401 before AuditFilter, after the chain, has written the row
        Map<String, Object> noCredentials = rowOf(none);
        assertThat(noCredentials.get("outcome")).isEqualTo("FAILED_AUTHENTICATION");
        assertThat(noCredentials.get("action")).isEqualTo("ListClusters");
        assertThat(noCredentials.get("access_key_id")).isNull();
        assertThat(noCredentials.get("protocol")).isNull();
        Map<String, Object> wrongRow = rowOf(wrong);
        assertThat(wrongRow.get("outcome")).isEqualTo("FAILED_AUTHENTICATION");
        assertThat(wrongRow.get("action")).isEqualTo("CreateCluster");
        assertThat(wrongRow.get("access_key_id")).isEqualTo(TestCredentials.ACCESS_KEY_ID);
        assertThat(wrongRow.get("protocol")).isEqualTo("basic");
        assertThat(((Number) wrongRow.get("status")).intValue()).isEqualTo(401);

        String everyRow = jdbc.sql("SELECT string_agg(audit_event::text, ' ') FROM audit_event").query(String.class).single();
        assertThat(everyRow).doesNotContain(wrongSecret).doesNotContain(TestCredentials.SECRET_ACCESS_KEY)
                .doesNotContain(TestCredentials.basic()).doesNotContain("Basic ");
        assertThat(output.getAll()).contains("audit CreateCluster 401 FAILED_AUTHENTICATION")
                .doesNotContain(wrongSecret).doesNotContain(TestCredentials.SECRET_ACCESS_KEY);
    }

    private Map<String, Object> rowOf(String requestId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.sql("SELECT * FROM audit_event WHERE request_id = ?").param(requestId).query().listOfRows(),
                rows -> rows.size() == 1).getFirst();
    }

    @Test
    void theListFiltersByKeyClusterActionOutcomeAndTimeAndPagesNewestFirst() {
        String c = unique("paged");
        String key = "GKAUDITPAGING" + UUID.randomUUID().toString().replace("-", "").substring(0, 7).toUpperCase();
        Instant before = Instant.parse(jdbc.sql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
                .query(String.class).single());
        for (int i = 0; i < 7; i++) {
            audit.record(AuditEntry.of(i % 2 == 0 ? key : null, "192.0.2." + i, "basic", i < 5 ? "RunTask" : "StopTask",
                    c, "t" + i, i == 3 ? 400 : 200, null));
        }
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        List<Integer> pageSizes = new ArrayList<>();
        do {
            JsonNode page = get("/v1/audit-events?cluster=" + c + "&maxResults=3" + (token == null ? "" : "&nextToken=" + token));
            page.get("items").forEach(all::add);
            pageSizes.add(page.get("items").size());
            token = page.has("nextToken") ? page.get("nextToken").asString() : null;
        } while (token != null);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(all).extracting(n -> n.get("target").asString()).containsExactly("t6", "t5", "t4", "t3", "t2", "t1", "t0");

        assertThat(get("/v1/audit-events?cluster=" + c + "&action=StopTask").get("items")).hasSize(2);
        assertThat(get("/v1/audit-events?cluster=" + c + "&outcome=REJECTED").get("items")).singleElement()
                .satisfies(n -> assertThat(n.get("target").asString()).isEqualTo("t3"));
        assertThat(get("/v1/audit-events?accessKeyId=" + key).get("items")).hasSize(4)
                .allSatisfy(n -> assertThat(n.get("accessKeyId").asString()).isEqualTo(key));
        assertThat(get("/v1/audit-events?cluster=" + c + "&from=" + before.minusSeconds(1)).get("items")).hasSize(7);
        assertThat(get("/v1/audit-events?cluster=" + c + "&to=" + before.minusSeconds(1)).get("items")).isEmpty();
        assertThat(get("/v1/audit-events?cluster=" + c + "&from=" + before.plusSeconds(3600)).get("items")).isEmpty();

        http.get().uri("/v1/audit-events?outcome=NOPE").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("outcome");
    }

    @Test
    void retentionDeletesRowsOlderThanTheRetentionOnly() {
        String probe = unique("retention");
        for (int days : new int[] {91, 120, 89, 1}) {
            jdbc.sql("""
                    INSERT INTO audit_event (occurred_at, action, target, status, outcome)
                    VALUES (now() - make_interval(days => :days), 'RetentionProbe', :target, 200, 'ALLOWED')""")
                    .param("days", days).param("target", probe + "/" + days).update();
        }
        int deleted = retention.pruneOnce();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT target FROM audit_event WHERE target LIKE ? ORDER BY target")
                .param(probe + "/%").query(String.class).list()).containsExactly(probe + "/1", probe + "/89");
    }

    private JsonNode get(String uri) {
        String body = http.get().uri(uri).exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        return json.readTree(body);
    }

    /** Whether requests without credentials are refused (the filter chain of the keys helper is in). */
    private boolean authenticationIsOn() {
        if (authenticationOn == null) {
            authenticationOn = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get().uri("/v1/clusters")
                    .exchange().returnResult(String.class).getStatus().value() == 401;
        }
        return authenticationOn;
    }
}
