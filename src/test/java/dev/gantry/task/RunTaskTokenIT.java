package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * RunTask client tokens on a cluster with no container instance (no rig needed): a refused request leaves its
 * refusal behind the token, never an empty success (the fault of issue #10 item 8: the token was claimed before
 * validation, outside the transaction, so the retry answered 200 {"tasks":[],"failures":[]}).
 */
@GantryIntegrationTest
class RunTaskTokenIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    String cluster;
    String family;

    @BeforeEach
    void emptyCluster() {
        cluster = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster), 200);
        family = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/task-definitions", Map.of("family", family, "containerDefinitions", List.of(Map.of("name", "main",
                "image", "gantry-test/busybox:1", "memory", 16, "command", List.of("sleep", "300")))), 200);
    }

    @Test
    void aRetryOfARefusedRequestIsRefusedAgainNotAnsweredWithNothing() {
        Map<String, Object> request = Map.of("taskDefinition", family, "clientToken", token());
        JsonNode first = post(tasks(), request, 400);
        assertThat(first.get("code").asString()).isEqualTo("InvalidParameterException");
        JsonNode retry = post(tasks(), request, 400);
        assertThat(retry).as("the same refusal replayed").isEqualTo(first);
    }

    /**
     * A refusal thrown by a read-only lookup in another module (the task definition does not exist) inside the
     * token's transaction: found by hand, it answered 500 (the lookup's rollback rule doomed the whole transaction).
     */
    @Test
    void aRefusalFromTheTaskDefinitionLookupIsReplayedToo() {
        Map<String, Object> request = Map.of("taskDefinition", "no-such-family-" + token().substring(0, 8),
                "clientToken", token());
        JsonNode first = post(tasks(), request, 404);
        assertThat(first.get("code").asString()).isEqualTo("ClientException");
        JsonNode retry = post(tasks(), request, 404);
        assertThat(retry).as("the same refusal replayed").isEqualTo(first);
    }

    @Test
    void theSameTokenWithOtherParametersIsAConflictEvenAfterARefusal() {
        String token = token();
        post(tasks(), Map.of("taskDefinition", family, "clientToken", token), 400);
        JsonNode conflict = post(tasks(), Map.of("taskDefinition", family, "count", 2, "clientToken", token), 409);
        assertThat(conflict.get("code").asString()).isEqualTo("ConflictException");
        assertThat(conflict.get("errors").get(0).get("field").asString()).isEqualTo("clientToken");
    }

    @Test
    void anExpiredTokenCountsAsUnused() {
        String token = token();
        post(tasks(), Map.of("taskDefinition", family, "clientToken", token), 400);
        // 24 h and a minute ago, by the database's clock (tokens are judged by it)
        jdbc.sql("UPDATE run_task_token SET created_at = now() - interval '24 hours 1 minute' WHERE client_token = ?")
                .param(token).update();
        JsonNode fresh = post(tasks(), Map.of("taskDefinition", family, "count", 2, "clientToken", token), 400);
        assertThat(fresh.get("code").asString()).as("run afresh, not a conflict").isEqualTo("InvalidParameterException");
        assertThat(jdbc.sql("SELECT count(*) FROM run_task_token WHERE client_token = ? AND created_at > now() - interval '1 hour'")
                .param(token).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theRetentionJobDeletesExpiredTokensOnly(@Autowired RunTaskTokens tokens) {
        String old = token();
        String recent = token();
        post(tasks(), Map.of("taskDefinition", family, "clientToken", old), 400);
        post(tasks(), Map.of("taskDefinition", family, "clientToken", recent), 400);
        jdbc.sql("UPDATE run_task_token SET created_at = now() - interval '25 hours' WHERE client_token = ?").param(old).update();
        assertThat(tokens.prune()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT client_token FROM run_task_token WHERE client_token IN (?, ?)").param(old).param(recent)
                .query(String.class).list()).containsExactly(recent);
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private String tasks() {
        return "/v1/clusters/" + cluster + "/tasks";
    }

    private JsonNode post(String uri, Object body, int status) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus()
                .isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
