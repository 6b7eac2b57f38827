package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rolling updates with ECS's deployment configurations (minimumHealthyPercent, maximumPercent; D = 4), with the
 * task counts sampled throughout: RUNNING + PENDING (+ STOPPING) never above upper, healthy never below lower. Hosts h1
 * and h2 only (h3 may be killed by other test JVMs).
 */
@GantryIntegrationTest
class RollingUpdateE2E {

    static final int D = 4;
    static final long SETTLE_SECONDS = 2; // gantry.services.settle-time of the "it" profile

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "max {0} / min {1}: upper {2}, lower {3}")
    @CsvSource({"200, 100, 8, 4", "100, 50, 4, 2", "150, 100, 6, 4"})
    void rollsWithinTheBounds(int max, int min, int upper, int lower) {
        try (TestCluster c = TestCluster.create(http, json, "roll" + max + "-" + min, 1, 2)) {
            String family = TestCluster.unique("roll");
            String v1 = c.sleeper(family, "gantry-test/busybox:1");
            String v2 = c.sleeper(family, "gantry-test/busybox:2");
            c.replicaService("web", v1, D, Map.of("maximumPercent", max, "minimumHealthyPercent", min));
            awaitCompleted(c, v1);

            TaskCountSampler sampler = new TaskCountSampler(jdbc, c, "web", SETTLE_SECONDS);
            try (sampler) {
                await().atMost(Duration.ofSeconds(5)).until(() -> sampler.samples.get() > 0);
                c.update("web", Map.of("taskDefinition", v2));
                awaitCompleted(c, v2);
            }
            assertThat(sampler.maxLive.get()).as("live tasks never above upper: %s", sampler).isLessThanOrEqualTo(upper);
            assertThat(sampler.maxContainers.get()).as("containers never above upper: %s", sampler).isLessThanOrEqualTo(upper);
            assertThat(sampler.minHealthy.get()).as("healthy tasks never below lower: %s", sampler).isGreaterThanOrEqualTo(lower);
            if (upper > D) {
                assertThat(sampler.maxLive.get()).as("surged: %s", sampler).isGreaterThan(D);
            } else {
                assertThat(sampler.minHealthy.get()).as("stopped first: %s", sampler).isLessThan(D);
            }
            assertThat(c.runningTasks("web")).hasSize(D).allSatisfy(t ->
                    assertThat(t.get("taskDefinitionArn").asString()).endsWith(":task-definition/" + v2));
            assertThat(c.tasks("web", "STOPPED")).hasSize(D);
        }
    }

    @Test
    void maxAndMinHealthyOf100DeadlockWithTheEcsEventUntilTheConfigurationChanges() {
        try (TestCluster c = TestCluster.create(http, json, "deadlock", 1, 2)) {
            String family = TestCluster.unique("deadlock");
            String v1 = c.sleeper(family, "gantry-test/busybox:1");
            String v2 = c.sleeper(family, "gantry-test/busybox:2");
            c.replicaService("web", v1, D, Map.of("maximumPercent", 100, "minimumHealthyPercent", 100));
            awaitCompleted(c, v1);

            c.update("web", Map.of("taskDefinition", v2));
            await().atMost(Duration.ofSeconds(30)).until(() -> c.eventMessages("web").contains("(service web) was unable to "
                    + "stop or start tasks during a deployment because of the service deployment configuration. Update the "
                    + "minimumHealthyPercent or maximumPercent value and try again."));
            JsonNode stuck = c.service("web");
            assertThat(stuck.get("deployments")).hasSize(2);
            assertThat(c.runningTasks("web")).hasSize(D).allSatisfy(t ->
                    assertThat(t.get("taskDefinitionArn").asString()).endsWith(":task-definition/" + v1));
            assertThat(c.tasks("web", "STOPPED")).isEmpty();

            c.update("web", Map.of("deploymentConfiguration", Map.of("maximumPercent", 100, "minimumHealthyPercent", 75)));
            awaitCompleted(c, v2);
        }
    }

    private static void awaitCompleted(TestCluster c, String taskDefinition) {
        await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode s = c.service("web");
            JsonNode deployments = s.get("deployments");
            return deployments.size() == 1 && "COMPLETED".equals(deployments.get(0).get("rolloutState").asString())
                    && deployments.get(0).get("taskDefinition").asString().endsWith(":task-definition/" + taskDefinition)
                    && c.stable("web", D);
        });
    }
}
