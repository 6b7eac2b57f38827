package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

@GantryIntegrationTest
class ClusterApiIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void create(String name) {
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("clusterName", name)).exchange().expectStatus().isOk();
    }

    @Test
    void createReturnsTheEcsClusterShapeWithLongArn() {
        String name = unique("shape");
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("clusterName", name, "tags", java.util.List.of(Map.of("key", "team", "value", "core"))))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.clusterArn").isEqualTo("arn:aws:ecs:local:000000000000:cluster/" + name)
                .jsonPath("$.clusterName").isEqualTo(name)
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.registeredContainerInstancesCount").isEqualTo(0)
                .jsonPath("$.tags[0].key").isEqualTo("team");
    }

    @Test
    void creatingAnExistingActiveNameReturnsTheSameCluster() {
        String name = unique("twice");
        create(name);
        create(name);
        Integer rows = jdbc.sql("SELECT count(*) FROM cluster WHERE name = ?").param(name).query(Integer.class).single();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void createWithoutANameCreatesDefault() {
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.clusterName").isEqualTo("default");
    }

    @Test
    void describeAcceptsNameAndArnAndCountsAreLive() {
        String name = unique("desc");
        create(name);
        long id = jdbc.sql("SELECT id FROM cluster WHERE name = ?").param(name).query(Long.class).single();
        jdbc.sql("INSERT INTO task_definition_family VALUES ('fam-' || :id, 1)").param("id", id).update();
        long td = jdbc.sql("""
                INSERT INTO task_definition (family, revision, status, network_mode, document)
                VALUES ('fam-' || :id, 1, 'ACTIVE', 'bridge', '{}') RETURNING id""").param("id", id).query(Long.class).single();
        for (String status : new String[] {"RUNNING", "RUNNING", "PENDING"}) {
            jdbc.sql("""
                    INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu, memory)
                    VALUES (:tid, :cid, :td, 'family:x', :st, 'RUNNING', 0, 0)""")
                    .param("tid", UUID.randomUUID().toString().replace("-", "")).param("cid", id).param("td", td)
                    .param("st", status).update();
        }
        http.get().uri("/v1/clusters/{arn}", "arn:aws:ecs:local:000000000000:cluster/" + name).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.runningTasksCount").isEqualTo(2)
                .jsonPath("$.pendingTasksCount").isEqualTo(1);
        http.delete().uri("/v1/clusters/" + name).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ClusterContainsTasksException");
        jdbc.sql("UPDATE task SET last_status = 'STOPPED', desired_status = 'STOPPED', stopped_at = now() WHERE cluster_id = ?").param(id).update();
        http.delete().uri("/v1/clusters/" + name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("INACTIVE");
    }

    @Test
    void deleteMarksInactiveWhichStaysDescribableAndTheNameCanBeReused() {
        String name = unique("del");
        create(name);
        http.delete().uri("/v1/clusters/" + name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("INACTIVE");
        http.get().uri("/v1/clusters/" + name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("INACTIVE");
        http.delete().uri("/v1/clusters/" + name).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ClusterNotFoundException");
        create(name);
        http.get().uri("/v1/clusters/" + name).exchange().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
    }

    @Test
    void deleteIsRefusedWhileContainerInstancesAreRegistered() {
        String name = unique("inst");
        create(name);
        long id = jdbc.sql("SELECT id FROM cluster WHERE name = ?").param(name).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO container_instance (id, cluster_id, docker_endpoint, engine_id, engine_name, docker_version,
                  status, registered_cpu, registered_memory, remaining_cpu, remaining_memory)
                VALUES (:iid, :cid, 'tcp://127.0.0.1:1', :iid, 'h', '20.10', 'DRAINING', 1024, 1024, 1024, 1024)""")
                .param("iid", UUID.randomUUID().toString().replace("-", "")).param("cid", id).update();
        http.delete().uri("/v1/clusters/" + name).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ClusterContainsContainerInstancesException");
    }

    @Test
    void listPagesThroughAllActiveClustersWithoutRepeats() {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            create(prefix + "-" + i);
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String uri = "/v1/clusters?maxResults=2" + (token == null ? "" : "&nextToken=" + token);
            ListBody body = http.get().uri(uri).exchange().expectStatus().isOk()
                    .expectBody(ListBody.class).returnResult().getResponseBody();
            body.items().forEach(c -> assertThat(seen.add(c.clusterName())).as("repeated " + c.clusterName()).isTrue());
            assertThat(body.items()).hasSizeLessThanOrEqualTo(2);
            token = body.nextToken();
            pages++;
        } while (token != null && pages < 1000);
        assertThat(seen).contains(prefix + "-0", prefix + "-4");
    }

    record ListBody(java.util.List<ClusterView> items, String nextToken) {
    }

    @Test
    void badNamesTokensAndArnsAreClear400s() {
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body(Map.of("clusterName", "bad name!"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("InvalidParameterException")
                .jsonPath("$.errors[0].field").isEqualTo("clusterName");
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body(Map.of("clusterName", "x".repeat(256)))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("clusterName");
        http.get().uri("/v1/clusters?nextToken=garbage!").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("nextToken");
        http.get().uri("/v1/clusters?maxResults=101").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("maxResults");
        http.get().uri("/v1/clusters?maxResults=abc").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("maxResults");
        http.get().uri("/v1/clusters/{arn}", "arn:aws:ecs:local:000000000000:service/x").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cluster");
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body("{\"clusterName\": ")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("InvalidParameterException");
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body("{\"clusterName\": [1]}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("clusterName");
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("settings", java.util.List.of(Map.of("name", "containerInsights", "value", "maybe"))))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("settings[0].value");
    }

    @Test
    void oversizedBodiesAre413AndWrongMediaTypeIs415() {
        String huge = "{\"clusterName\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body(huge)
                .exchange().expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("PayloadTooLarge");
        http.post().uri("/v1/clusters").contentType(MediaType.TEXT_PLAIN).body("x")
                .exchange().expectStatus().isEqualTo(415).expectBody().jsonPath("$.status").isEqualTo(415);
    }
}
