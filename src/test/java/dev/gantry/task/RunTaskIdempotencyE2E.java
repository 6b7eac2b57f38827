package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * RunTask client tokens against a real host (h1): a retry replays the first answer (its tasks and its failures)
 * with no new side effect on the host, concurrent identical requests create one set of tasks, and an expired
 * token runs the request again.
 */
class RunTaskIdempotencyE2E extends E2ESupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRetryReplaysTheFailuresOfTheFirstAnswer() {
        register(1);
        int port = freePort();
        // two tasks with one static host port on one host: one is placed, the other fails RESOURCE:PORTS
        String family = taskDefinition(List.of(Map.of("name", "main", "image", IMAGE, "memory", 16,
                "command", List.of("sleep", "300"), "portMappings", List.of(Map.of("containerPort", 80, "hostPort", port)))));
        Map<String, Object> request = Map.of("taskDefinition", family, "count", 2, "clientToken", unique("tok"));
        JsonNode first = runTask(request);
        assertThat(first.get("tasks")).hasSize(1);
        assertThat(first.get("failures")).hasSize(1);
        assertThat(first.get("failures").get(0).get("reason").asString()).isEqualTo("RESOURCE:PORTS");
        awaitRunning(taskId(first.get("tasks").get(0)));

        JsonNode retry = runTask(request);
        assertThat(ids(retry)).isEqualTo(ids(first));
        assertThat(retry.get("failures")).isEqualTo(first.get("failures"));
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(1);
    }

    @Test
    void twentyConcurrentIdenticalRequestsCreateOneSetOfTasks() throws Exception {
        register(1);
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String token = unique("tok");
        Map<String, Object> request = Map.of("taskDefinition", family, "count", 3, "clientToken", token);
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> runTask(request)));
            }
        }
        List<String> expected = ids(answers.getFirst().get());
        assertThat(expected).hasSize(3);
        for (Future<JsonNode> answer : answers) {
            assertThat(ids(answer.get())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(answer.get().get("failures")).isEmpty();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE client_token = ?").param(token).query(Integer.class).single())
                .isEqualTo(3);
        expected.forEach(this::awaitRunning);
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(3);
    }

    @Test
    void anExpiredTokenRunsTheRequestAgain() {
        register(1);
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String token = unique("tok");
        Map<String, Object> request = Map.of("taskDefinition", family, "clientToken", token);
        List<String> first = ids(runTask(request));
        assertThat(ids(runTask(request))).isEqualTo(first);
        jdbc.sql("UPDATE run_task_token SET created_at = now() - interval '24 hours 1 second' WHERE client_token = ?")
                .param(token).update();
        List<String> second = ids(runTask(request));
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
        // both runs are real tasks: wait for each, not only the second, before counting their containers
        first.forEach(this::awaitRunning);
        second.forEach(this::awaitRunning);
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(2);
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks", null, 200).get("items")).hasSize(2);
    }

    private static List<String> ids(JsonNode launched) {
        List<String> ids = new ArrayList<>();
        launched.get("tasks").forEach(t -> ids.add(taskId(t)));
        return ids;
    }
}
