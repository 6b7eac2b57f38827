package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CreateService idempotency, If-Match, DeleteService's DRAINING → INACTIVE, and the paginated event history. */
@GantryIntegrationTest
class ServiceApiE2E {

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void createIsIdempotentForAnIdenticalRequestOnly() {
        try (TestCluster c = TestCluster.create(http, json, "idem")) {
            String td = c.sleeper(TestCluster.unique("idem"), "gantry-test/busybox:1");
            Map<String, Object> request = Map.of("serviceName", "web", "taskDefinition", td, "desiredCount", 0);
            String first = c.createService(request).get("serviceArn").asString();
            assertThat(c.createService(request).get("serviceArn").asString()).isEqualTo(first);

            TestCluster.Response different = c.call(HttpMethod.POST, "/v1/clusters/" + c.name + "/services",
                    Map.of("serviceName", "web", "taskDefinition", td, "desiredCount", 1), null);
            assertThat(different.status()).isEqualTo(400);
            assertThat(different.body().get("code").asString()).isEqualTo("InvalidParameterException");
            assertThat(different.body().get("detail").asString()).isEqualTo("Creation of service was not idempotent.");
        }
    }

    @Test
    void updateWithAStaleIfMatchIsRefusedAndADrainingServiceIsNotActive() {
        try (TestCluster c = TestCluster.create(http, json, "ifmatch")) {
            String td = c.sleeper(TestCluster.unique("ifmatch"), "gantry-test/busybox:1");
            c.replicaService("web", td, 0, null);
            String uri = "/v1/clusters/" + c.name + "/services/web";
            String etag = c.call(HttpMethod.GET, uri, null, null).etag();
            assertThat(etag).isNotBlank();

            TestCluster.Response fresh = c.call(HttpMethod.PATCH, uri, Map.of("desiredCount", 0), etag);
            assertThat(fresh.status()).isEqualTo(200);
            TestCluster.Response stale = c.call(HttpMethod.PATCH, uri, Map.of("desiredCount", 0), etag);
            assertThat(stale.status()).isEqualTo(412);
            assertThat(c.call(HttpMethod.PATCH, uri, Map.of("desiredCount", 0), fresh.etag()).status()).isEqualTo(200);

            assertThat(c.call(HttpMethod.DELETE, uri, null, null).status()).isEqualTo(200);
            TestCluster.Response draining = c.call(HttpMethod.PATCH, uri, Map.of("desiredCount", 1), null);
            assertThat(draining.status()).isEqualTo(409);
            assertThat(draining.body().get("code").asString()).isEqualTo("ServiceNotActiveException");
        }
    }

    @Test
    void deleteNeedsForceWhileScaledUpThenDrainsToInactive() {
        try (TestCluster c = TestCluster.create(http, json, "delete", 1)) {
            String td = c.sleeper(TestCluster.unique("delete"), "gantry-test/busybox:1");
            c.replicaService("web", td, 2, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 2));
            String uri = "/v1/clusters/" + c.name + "/services/web";

            TestCluster.Response refused = c.call(HttpMethod.DELETE, uri, null, null);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("code").asString()).isEqualTo("InvalidParameterException");

            JsonNode deleted = c.ok(c.call(HttpMethod.DELETE, uri + "?force=true", null, null));
            assertThat(deleted.get("status").asString()).isEqualTo("DRAINING");
            assertThat(deleted.get("desiredCount").asInt()).isZero();
            JsonNode list = c.ok(c.call(HttpMethod.GET, "/v1/clusters/" + c.name + "/services", null, null));
            assertThat(list.get("items").valueStream().map(s -> s.get("serviceName").asString())).doesNotContain("web");

            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500))
                    .until(() -> c.service("web").get("status").asString().equals("INACTIVE"));
            assertThat(c.tasks("web", "RUNNING")).isEmpty();
            assertThat(RigHosts.countRunning(1, c.arn, "web")).isZero();
            assertThat(c.eventMessages("web")).contains("(service web) has been deleted.");
            // the name is free again
            c.replicaService("web", td, 0, null);
        }
    }

    @Test
    void eventHistoryIsPaginatedNewestFirstWithoutGapsOrRepeats() {
        try (TestCluster c = TestCluster.create(http, json, "events", 1)) {
            String td = c.sleeper(TestCluster.unique("events"), "gantry-test/busybox:1");
            c.replicaService("web", td, 1, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 1));
            c.update("web", Map.of("desiredCount", 2));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500))
                    .until(() -> c.eventMessages("web").stream().filter(m -> m.contains("has started")).count() == 2);
            c.update("web", Map.of("desiredCount", 0));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500))
                    .until(() -> c.eventMessages("web").stream().anyMatch(m -> m.contains("has stopped")));

            String base = "/v1/clusters/" + c.name + "/services/web/events";
            List<String> all = c.ok(c.call(HttpMethod.GET, base + "?maxResults=100", null, null)).get("items").valueStream()
                    .map(e -> e.get("id").asString()).toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(3);
            List<String> paged = new ArrayList<>();
            List<JsonNode> pagedEvents = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                JsonNode page = c.ok(c.call(HttpMethod.GET, base + "?maxResults=1" + (token == null ? "" : "&nextToken=" + token),
                        null, null));
                page.get("items").forEach(e -> {
                    paged.add(e.get("id").asString());
                    pagedEvents.add(e);
                });
                assertThat(page.get("items").size()).isLessThanOrEqualTo(1);
                token = page.hasNonNull("nextToken") ? page.get("nextToken").asString() : null;
                pages++;
            } while (token != null && pages < 200);
            assertThat(paged).startsWith(all.toArray(String[]::new)).hasSize(all.size());
            assertThat(pagedEvents).extracting(e -> e.get("createdAt").asString())
                    .isSortedAccordingTo((a, b) -> java.time.Instant.parse(b).compareTo(java.time.Instant.parse(a)));
            assertThat(pagedEvents.getLast().get("message").asString()).matches("\\(service web\\) has started 1 tasks: \\(task [0-9a-f]{32}\\)\\.");
        }
    }

    /** Events of one transaction share its time; a page ending between two of them used to lose the second. */
    @Test
    void eventsOfTheSameInstantAreAllPaged() {
        try (TestCluster c = TestCluster.create(http, json, "sametime")) {
            String td = c.sleeper(TestCluster.unique("sametime"), "gantry-test/busybox:1");
            c.replicaService("web", td, 0, null);
            long service = jdbc.sql("SELECT s.id FROM service s JOIN cluster k ON k.id = s.cluster_id "
                    + "WHERE k.name = :c AND s.name = 'web'").param("c", c.name).query(Long.class).single();
            List<String> inserted = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                UUID id = UUID.randomUUID();
                inserted.add(id.toString());
                jdbc.sql("INSERT INTO service_event (id, service_id, created_at, message) "
                                + "VALUES (:id, :s, timestamptz '2026-01-01T00:00:00Z', :m)")
                        .param("id", id).param("s", service).param("m", "(service web) same instant " + i).update();
            }
            String base = "/v1/clusters/" + c.name + "/services/web/events";
            List<String> paged = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                JsonNode page = c.ok(c.call(HttpMethod.GET, base + "?maxResults=2" + (token == null ? "" : "&nextToken=" + token),
                        null, null));
                page.get("items").forEach(e -> paged.add(e.get("id").asString()));
                token = page.hasNonNull("nextToken") ? page.get("nextToken").asString() : null;
                pages++;
            } while (token != null && pages < 50);
            assertThat(paged).doesNotHaveDuplicates().containsAll(inserted);
        }
    }
}
