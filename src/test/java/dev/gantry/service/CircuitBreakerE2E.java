package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment circuit breaker with rollback (D = 2, default threshold clamp(ceil(0.5 × 2), 3, 200) = 3):
 * stage 1, tasks that never get going (the container exits at once); stage 2, tasks that start and
 * pass their first health check, then fail it. Either way the deployment fails and the service rolls
 * back to the last COMPLETED revision and reaches a steady state on it.
 */
@GantryIntegrationTest
class CircuitBreakerE2E {

    static final Map<String, Object> BREAKER = Map.of("maximumPercent", 200, "minimumHealthyPercent", 100,
            "deploymentCircuitBreaker", Map.of("enable", true, "rollback", true));

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void aContainerThatExitsAtOnceTripsTheBreakerAndRollsBack() {
        try (TestCluster c = TestCluster.create(http, json, "breaker-exit", 1, 2)) {
            String family = TestCluster.unique("exit");
            String good = c.sleeper(family, "gantry-test/busybox:1");
            String bad = c.taskDefinition(family, "gantry-test/busybox:2", "exit 1", null);
            c.replicaService("web", good, 2, BREAKER);
            awaitCompletedOn(c, good);

            c.update("web", Map.of("taskDefinition", bad));
            awaitCompletedOn(c, good);

            assertThat(c.eventMessages("web"))
                    .anyMatch(m -> m.matches("\\(service web\\) \\(deployment ecs-svc/\\d+\\) deployment failed: tasks failed to start\\."))
                    .anyMatch(m -> m.matches("\\(service web\\) \\(deployment ecs-svc/\\d+\\) rolling back to deployment ecs-svc/\\d+\\."));
            assertThat(c.service("web").get("taskDefinition").asString()).endsWith(":task-definition/" + good);
            List<JsonNode> failed = c.tasks("web", "STOPPED").stream()
                    .filter(t -> t.get("taskDefinitionArn").asString().endsWith(":task-definition/" + bad)).toList();
            // at least the threshold failed by themselves; one still in flight when the breaker tripped may be
            // stopped by the scheduler as a task of the failed deployment
            assertThat(failed).filteredOn(t -> List.of("EssentialContainerExited", "TaskFailedToStart")
                    .contains(t.get("stopCode").asString())).hasSizeGreaterThanOrEqualTo(3);
            assertThat(c.tasks("web", "RUNNING")).noneMatch(t -> t.get("taskDefinitionArn").asString().endsWith("/" + bad));
            assertThat(c.runningTasks("web")).hasSize(2);
        }
    }

    @Test
    void aTaskThatPassesStartThenFailsItsHealthCheckTripsTheBreakerAndRollsBack() {
        try (TestCluster c = TestCluster.create(http, json, "breaker-health", 1, 2)) {
            String family = TestCluster.unique("health");
            Map<String, Object> check = Map.of("command", List.of("CMD-SHELL", "test -f /tmp/ok"), "interval", 5,
                    "timeout", 2, "retries", 1, "startPeriod", 0);
            String good = c.taskDefinition(family, "gantry-test/busybox:1", "touch /tmp/ok; sleep 3600", check);
            String bad = c.taskDefinition(family, "gantry-test/busybox:2", "touch /tmp/ok; sleep 7; rm /tmp/ok; sleep 3600", check);
            c.replicaService("web", good, 2, BREAKER);
            awaitCompletedOn(c, good);

            c.update("web", Map.of("taskDefinition", bad));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(300)).until(() -> c.tasks("web", "RUNNING")
                    .stream().anyMatch(t -> t.get("taskDefinitionArn").asString().endsWith(":task-definition/" + bad)
                            && "HEALTHY".equals(t.path("healthStatus").asString(""))));
            awaitCompletedOn(c, good);

            assertThat(c.eventMessages("web"))
                    .anyMatch(m -> m.matches("\\(service web\\) \\(deployment ecs-svc/\\d+\\) deployment failed: tasks failed to start\\."));
            List<JsonNode> failed = c.tasks("web", "STOPPED").stream()
                    .filter(t -> t.get("taskDefinitionArn").asString().endsWith(":task-definition/" + bad)).toList();
            assertThat(failed).hasSizeGreaterThanOrEqualTo(3)
                    .anySatisfy(t -> assertThat(t.get("stoppedReason").asString()).isEqualTo("Task failed container health checks"));
            assertThat(c.runningTasks("web")).hasSize(2).allSatisfy(t ->
                    assertThat(t.get("healthStatus").asString()).isEqualTo("HEALTHY"));
        }
    }

    private static void awaitCompletedOn(TestCluster c, String taskDefinition) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode deployments = c.service("web").get("deployments");
            return deployments.size() == 1 && "COMPLETED".equals(deployments.get(0).get("rolloutState").asString())
                    && deployments.get(0).get("taskDefinition").asString().endsWith(":task-definition/" + taskDefinition)
                    && c.stable("web", 2);
        });
    }
}
