package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import dev.gantry.security.EndpointRequests.Call;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authorisation of the whole application over real HTTP on a real PostgreSQL, with keys made through the admin API:
 * for every row of {@link RestActions} (driven by {@link RestActions#rows()}, so a new endpoint is covered or fails
 * {@link #everyEndpointHasARequestHere}), READ_ONLY writing and OPERATOR administering are 403; a key of cluster A
 * addressing cluster B, by name and by ARN, gets response for response what the same call gets for a cluster that
 * does not exist; ListClusters leaves B out; the metrics scrape is refused to a cluster-limited key.
 */
@GantryIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ARN_PREFIX = "arn:aws:ecs:local:000000000000:cluster/";
    /** Per request, not per cluster: the path echoed in the problem's {@code instance} member, if any. */
    private static final Pattern INSTANCE = Pattern.compile(",?\"instance\":\"[^\"]*\"");

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** B exists (with a service) but A's keys may not see it; Z does not exist; same length, so bodies line up. */
    private final String clusterA = "authz-a-" + run;
    private final String clusterB = "authz-b-" + run;
    private final String clusterZ = "authz-z-" + run;
    private final String family = "authz-" + run;
    private final EndpointRequests requests = EndpointRequests.forFamily(family);

    private String admin;
    private String operator;
    private String readOnly;
    private final Map<Role, String> ofClusterA = new HashMap<>();

    private record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    @BeforeAll
    void clustersServicesAndKeys() throws Exception {
        String adminKey = TestCredentials.basic();
        for (String cluster : List.of(clusterA, clusterB)) {
            ok(call("POST", "/v1/clusters", adminKey, "{\"clusterName\":\"" + cluster + "\"}"));
        }
        ok(call("POST", "/v1/task-definitions", adminKey, """
                {"family":"%s","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1","memory":16}]}"""
                .formatted(family)));
        for (String cluster : List.of(clusterA, clusterB)) {
            ok(call("POST", "/v1/clusters/" + cluster + "/services", adminKey,
                    "{\"serviceName\":\"web\",\"taskDefinition\":\"" + family + "\",\"desiredCount\":0}"));
        }
        admin = adminKey;
        operator = key(Role.OPERATOR, null);
        readOnly = key(Role.READ_ONLY, null);
        for (Role role : Role.values()) {
            ofClusterA.put(role, key(role, clusterA));
        }
    }

    private String key(Role role, String cluster) throws Exception {
        String clusters = cluster == null ? "" : ",\"clusters\":[\"" + cluster + "\"]";
        Answer created = call("POST", "/v1/access-keys", TestCredentials.basic(),
                "{\"role\":\"" + role + "\",\"description\":\"AuthorisationIT\"" + clusters + "}");
        ok(created);
        JsonNode key = json.readTree(TestCredentials.rememberSecretIn(created.body()));
        return TestCredentials.basic(key.get("accessKeyId").asString(), key.get("secretAccessKey").asString());
    }

    private Answer call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private Answer call(Call c, String authorization) throws Exception {
        return call(c.method(), c.path(), authorization, c.body());
    }

    private static void ok(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private Call callOf(RestActions.Row row, String clusterReference) {
        return requests.callOf(row, clusterReference);
    }

    private static boolean addressesACluster(RestActions.Row row) {
        return EndpointRequests.addressesACluster(row);
    }

    private static void assertForbidden(Answer answer, String what) {
        assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(403);
        assertThat(answer.headers().get("content-type")).as(what).anySatisfy(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.body()).as(what).contains("\"code\":\"AccessDeniedException\"");
    }

    private static void assertNotRefused(Answer answer, String what) {
        assertThat(answer.status()).as("%s passes authorisation: %s", what, answer.body()).isNotIn(401, 403);
    }

    @Test
    void everyEndpointHasARequestHere() {
        EndpointRequests.assertEveryRowHasARequest(requests, clusterZ, ARN_PREFIX + clusterZ);
    }

    @Test
    void readOnlyKeysMayReadButNotWrite() throws Exception {
        int refused = 0;
        for (RestActions.Row row : RestActions.rows()) {
            Call call = callOf(row, clusterZ);
            String what = "READ_ONLY " + row.name();
            if (row.access() == Access.READ) {
                assertNotRefused(call(call, readOnly), what);
            } else {
                assertForbidden(call(call, readOnly), what);
                refused++;
            }
        }
        assertThat(refused).as("writes refused").isGreaterThan(15);
        // on a cluster it sees, too: a 403 for the write, the read served
        assertForbidden(call("DELETE", "/v1/clusters/" + clusterA + "/services/web?force=true", readOnly, null), "READ_ONLY DeleteService");
        ok(call("GET", "/v1/clusters/" + clusterA + "/services/web", readOnly, null));
    }

    @Test
    void operatorsMayChangeClustersContentsButNotClustersOrKeys() throws Exception {
        List<String> refused = new ArrayList<>();
        for (RestActions.Row row : RestActions.rows()) {
            Call call = callOf(row, clusterZ);
            String what = "OPERATOR " + row.name();
            if (row.access() == Access.ADMINISTER) {
                assertForbidden(call(call, operator), what);
                refused.add(row.name());
            } else {
                assertNotRefused(call(call, operator), what);
            }
        }
        assertThat(refused).contains("CreateCluster", "DeleteCluster", "CreateAccessKey", "DeleteAccessKey", "ListAccessKeys");
        // on real clusters too: deleting one is refused and it is still there
        assertForbidden(call("DELETE", "/v1/clusters/" + clusterA, operator, null), "OPERATOR DeleteCluster");
        ok(call("GET", "/v1/clusters/" + clusterA, operator, null));
        assertThat(call("GET", "/v1/clusters/" + clusterA, operator, null).body()).contains("\"status\":\"ACTIVE\"");
    }

    @Test
    void adminKeysMayDoEverything() throws Exception {
        for (RestActions.Row row : RestActions.rows()) {
            assertNotRefused(call(callOf(row, clusterZ), admin), "ADMIN " + row.name());
        }
    }

    /**
     * The heart of object-level authorisation: for every endpoint under a cluster and every role, a key of A
     * addressing B (which exists, with a service {@code web}) gets what the same call gets for Z (which does not):
     * the same status, headers and body, the only difference allowed being the request's own path echoed in
     * {@code instance}; and that is what an unlimited key gets for Z, a 404 ClusterNotFoundException.
     */
    @Test
    void aKeyOfClusterASeesClusterBExactlyAsAClusterThatDoesNotExist() throws Exception {
        assertThat(call("GET", "/v1/clusters/" + clusterB + "/services/web", admin, null).status())
                .as("B and its service exist").isEqualTo(200);
        int compared = 0;
        for (RestActions.Row row : RestActions.rows()) {
            if (!addressesACluster(row)) {
                continue;
            }
            for (boolean byArn : new boolean[] {false, true}) {
                String b = byArn ? ARN_PREFIX + clusterB : clusterB;
                String z = byArn ? ARN_PREFIX + clusterZ : clusterZ;
                Answer missing = call(callOf(row, z), admin);
                String what = row.name() + (byArn ? " by ARN" : " by name");
                assertThat(missing.status()).as("%s for a missing cluster: %s", what, missing.body()).isEqualTo(404);
                assertThat(missing.body()).as(what).contains("\"code\":\"ClusterNotFoundException\"", "\"detail\":\"Cluster not found.\"");
                for (Role role : Role.values()) {
                    String key = ofClusterA.get(role);
                    Answer hidden = call(callOf(row, b), key);
                    Answer absent = call(callOf(row, z), key);
                    assertSameAnswer(hidden, absent, role + " of A, " + what + ": B and a missing cluster");
                    assertSameAnswer(hidden, missing, role + " of A, " + what + ": B and an unlimited key's missing cluster");
                    compared++;
                }
            }
        }
        assertThat(compared).as("answers compared").isEqualTo(
                RestActions.rows().stream().filter(AuthorisationIT::addressesACluster).count() * 2 * Role.values().length);
    }

    private static void assertSameAnswer(Answer actual, Answer expected, String what) {
        assertThat(actual.status()).as("%s: status (%s)", what, actual.body()).isEqualTo(expected.status());
        assertThat(comparableHeaders(actual)).as("%s: headers", what).isEqualTo(comparableHeaders(expected));
        assertThat(INSTANCE.matcher(actual.body()).replaceAll(""))
                .as("%s: body without instance", what).isEqualTo(INSTANCE.matcher(expected.body()).replaceAll(""));
    }

    /**
     * Every header but the date (when the answer was sent) and the hop-by-hop ones about the connection (Tomcat closes
     * a keep-alive connection after its 100th request, whichever request that is).
     */
    private static Map<String, List<String>> comparableHeaders(Answer answer) {
        Map<String, List<String>> headers = new TreeMap<>(answer.headers());
        headers.remove("date");
        headers.remove("connection");
        headers.remove("keep-alive");
        return headers;
    }

    @Test
    void aHiddenClusterIsAnsweredBeforeTheEndpointLooksAtTheRequest() throws Exception {
        // the endpoint validates the body first: an unlimited key gets a 400 for a missing cluster...
        Answer invalidForMissing = call("POST", "/v1/clusters/" + clusterZ + "/tasks", admin, "{}");
        assertThat(invalidForMissing.status()).as(invalidForMissing.body()).isEqualTo(400);
        // ...a key of A gets the missing cluster's 404 for B, as for Z: the request never reached the endpoint
        for (Role role : Role.values()) {
            Answer hidden = call("POST", "/v1/clusters/" + clusterB + "/tasks", ofClusterA.get(role), "{}");
            assertThat(hidden.status()).as("%s: %s", role, hidden.body()).isEqualTo(404);
            assertThat(hidden.body()).contains("\"code\":\"ClusterNotFoundException\"");
            assertSameAnswer(hidden, call("POST", "/v1/clusters/" + clusterZ + "/tasks", ofClusterA.get(role), "{}"),
                    role + " of A: invalid RunTask to B and to a missing cluster");
        }
    }

    @Test
    void aReadOnlyKeyOfOneClusterWritingToAnotherGetsTheMissingCluster() throws Exception {
        String readOnlyOfA = ofClusterA.get(Role.READ_ONLY);
        Answer toB = call("DELETE", "/v1/clusters/" + clusterB + "/services/web?force=true", readOnlyOfA, null);
        assertThat(toB.status()).as(toB.body()).isEqualTo(404);
        assertThat(toB.body()).contains("\"code\":\"ClusterNotFoundException\"");
        assertForbidden(call("DELETE", "/v1/clusters/" + clusterA + "/services/web?force=true", readOnlyOfA, null),
                "READ_ONLY of A deleting A's service");
        ok(call("GET", "/v1/clusters/" + clusterB + "/services/web", admin, null));
    }

    @Test
    void aKeyOfClusterAWorksInsideA() throws Exception {
        String operatorOfA = ofClusterA.get(Role.OPERATOR);
        ok(call("GET", "/v1/clusters/" + clusterA, operatorOfA, null));
        ok(call("GET", "/v1/clusters/" + URLEncoder.encode(ARN_PREFIX + clusterA, StandardCharsets.UTF_8), operatorOfA, null));
        ok(call("GET", "/v1/clusters/" + clusterA + "/services/web", operatorOfA, null));
        ok(call("PATCH", "/v1/clusters/" + clusterA + "/services/web", operatorOfA, "{\"desiredCount\":0}"));
        // task definitions are account-level, as in ECS: every key sees them
        ok(call("GET", "/v1/task-definitions/" + family + ":1", ofClusterA.get(Role.READ_ONLY), null));
    }

    @Test
    void listClustersLeavesOutTheClustersAKeyMayNotSee() throws Exception {
        for (Role role : Role.values()) {
            List<String> names = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String query = "/v1/clusters?maxResults=1" + (token == null ? "" : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                Answer page = call("GET", query, ofClusterA.get(role), null);
                ok(page);
                JsonNode body = json.readTree(page.body());
                body.get("items").forEach(c -> names.add(c.get("clusterName").asString()));
                token = body.has("nextToken") ? body.get("nextToken").asString() : null;
                pages++;
            } while (token != null && pages < 50);
            assertThat(names).as("%s of A", role).containsExactly(clusterA);
            assertThat(pages).as("%s of A: one full page and no token pointing past what it may not see", role).isEqualTo(1);
        }
        Answer all = call("GET", "/v1/clusters?maxResults=100", admin, null);
        assertThat(all.body()).contains(clusterA, clusterB);
    }

    @Test
    void theMetricsScrapeIsOnlyForKeysOfEveryCluster() throws Exception {
        Answer scrape = call("GET", "/actuator/prometheus", readOnly, null);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("gantry_");
        for (Role role : Role.values()) {
            assertForbidden(call("GET", "/actuator/prometheus", ofClusterA.get(role), null), role + " of A scraping");
            assertForbidden(call("GET", "/actuator/metrics", ofClusterA.get(role), null), role + " of A reading metrics");
        }
    }

    @Test
    void aClusterLimitedAdminAdministersOnlyItsClusters() throws Exception {
        String adminOfA = ofClusterA.get(Role.ADMIN);
        assertForbidden(call("POST", "/v1/access-keys", adminOfA, "{\"role\":\"ADMIN\"}"), "ADMIN of A creating an unlimited key");
        assertForbidden(call("GET", "/v1/access-keys", adminOfA, null), "ADMIN of A listing keys");
        assertForbidden(call("GET", "/v1/audit-events", adminOfA, null), "ADMIN of A reading the audit log");
        assertForbidden(call("POST", "/v1/clusters", adminOfA, "{\"clusterName\":\"" + clusterB + "\"}"), "ADMIN of A creating B");
        Answer deleteB = call("DELETE", "/v1/clusters/" + clusterB, adminOfA, null);
        assertThat(deleteB.status()).isEqualTo(404);
        ok(call("GET", "/v1/clusters/" + clusterB, admin, null));
    }
}
