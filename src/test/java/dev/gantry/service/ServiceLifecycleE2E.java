package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A REPLICA service on real hosts: steady state with the default spread, replacement of a killed container, scaling. */
@GantryIntegrationTest
class ServiceLifecycleE2E {

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void reachesSteadyStateSpreadAcrossThreeHostsAndSaysSoInEcsWording() {
        try (TestCluster c = TestCluster.create(http, json, "steady", 1, 2, 3)) {
            String td = c.sleeper(TestCluster.unique("steady"), "gantry-test/busybox:1");
            c.replicaService("web", td, 6, null);

            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 6));
            // default spread: availability zone, then instance — each of the three zones holds two
            assertThat(c.perHost(c.runningTasks("web"))).containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L));
            // COMPLETED once the tasks count as healthy (settle time without a health check)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    c.service("web").get("deployments").get(0).get("rolloutState").asString()).isEqualTo("COMPLETED"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(c.eventMessages("web"))
                    .contains("(service web) has reached a steady state.")
                    .anyMatch(m -> m.matches("\\(service web\\) \\(deployment ecs-svc/\\d+\\) deployment completed\\."))
                    .anyMatch(m -> m.matches("\\(service web\\) has started \\d+ tasks: (\\(task [0-9a-f]{32}\\) ?)+\\.")));
        }
    }

    @Test
    void aKilledTaskContainerIsReplaced() {
        try (TestCluster c = TestCluster.create(http, json, "kill", 1, 2)) {
            String td = c.sleeper(TestCluster.unique("kill"), "gantry-test/busybox:1");
            c.replicaService("web", td, 2, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 2));
            Set<String> before = c.runningTasks("web").stream().map(t -> t.get("taskArn").asString()).collect(Collectors.toSet());

            List<String> onH1 = RigHosts.runningIds(1, "gantry.cluster=" + c.arn, "gantry.service=web");
            assertThat(onH1).isNotEmpty();
            RigHosts.killContainer(1, onH1.getFirst());

            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                List<JsonNode> running = c.runningTasks("web");
                assertThat(running).hasSize(2);
                assertThat(running.stream().map(t -> t.get("taskArn").asString()).filter(before::contains)).hasSize(1);
                assertThat(c.stable("web", 2)).isTrue();
            });
            JsonNode stopped = c.tasks("web", "STOPPED").stream()
                    .filter(t -> before.contains(t.get("taskArn").asString())).findFirst().orElseThrow();
            assertThat(stopped.get("stopCode").asString()).isEqualTo("EssentialContainerExited");
            assertThat(RigHosts.runningIds(1, "gantry.cluster=" + c.arn)).doesNotContain(onH1.getFirst());
        }
    }

    @Test
    void scalesUpAndDown() {
        try (TestCluster c = TestCluster.create(http, json, "scale", 1, 2)) {
            String td = c.sleeper(TestCluster.unique("scale"), "gantry-test/busybox:1");
            c.replicaService("web", td, 1, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 1));
            String deployment = c.service("web").get("deployments").get(0).get("id").asString();

            c.update("web", Map.of("desiredCount", 5));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 5));
            assertThat(c.perHost(c.runningTasks("web")).values()).containsExactlyInAnyOrder(2L, 3L);

            c.update("web", Map.of("desiredCount", 2));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", 2));
            // scale-in keeps the spread and is no new deployment
            assertThat(c.perHost(c.runningTasks("web")).values()).containsExactlyInAnyOrder(1L, 1L);
            assertThat(c.service("web").get("deployments").get(0).get("id").asString()).isEqualTo(deployment);
            assertThat(c.tasks("web", "STOPPED")).hasSize(3).allSatisfy(t -> {
                assertThat(t.get("stopCode").asString()).isEqualTo("ServiceSchedulerInitiated");
                assertThat(t.get("stoppedReason").asString()).isEqualTo("Scaling activity initiated by (deployment " + deployment + ")");
            });
        }
    }
}
