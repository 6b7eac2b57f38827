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
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hosts going away under a service (D = 4 on two hosts): a drained host (h2; draining touches only Gantry's
 * record) is emptied within the deployment configuration; a host whose dockerd is killed (the disposable host,
 * never a shared one) has its tasks replaced on h1, and once it returns exactly D tasks — and D containers — remain.
 */
@GantryIntegrationTest
class HostFailureE2E {

    static final int D = 4;
    /** The host whose dockerd is killed: never a shared one. */
    static final int LOST = RigHosts.DISPOSABLE;

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void drainingAHostMovesItsTasksToTheOthers() {
        try (TestCluster c = TestCluster.create(http, json, "drain", 1, 2)) {
            c.replicaService("web", c.sleeper(TestCluster.unique("drain"), "gantry-test/busybox:1"), D, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", D));
            assertThat(c.perHost(c.runningTasks("web"))).containsOnly(Map.entry(1, 2L), Map.entry(2, 2L));

            c.setInstanceState(2, "DRAINING");
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() ->
                    c.stable("web", D) && c.perHost(c.runningTasks("web")).get(1) == D);
            assertThat(RigHosts.countRunning(2, c.arn, "web")).isZero();
            JsonNode h2 = c.ok(c.call(HttpMethod.GET, "/v1/clusters/" + c.name + "/container-instances/" + c.instanceId(2),
                    null, null));
            assertThat(h2.get("status").asString()).isEqualTo("DRAINING");
            assertThat(h2.get("runningTasksCount").asInt()).isZero();
            assertThat(c.tasks("web", "STOPPED")).hasSize(2).allSatisfy(t ->
                    assertThat(t.get("stopCode").asString()).isEqualTo("ServiceSchedulerInitiated"));
        }
    }

    @Test
    void tasksOfAKilledHostAreReplacedAndExactlyDRemainWhenItReturns() {
        try (TestCluster c = TestCluster.create(http, json, "hostkill", 1, LOST)) {
            c.replicaService("web", c.sleeper(TestCluster.unique("hostkill"), "gantry-test/busybox:1"), D, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", D));
            Set<String> onLost = c.runningTasks("web").stream()
                    .filter(t -> c.instances.get(LOST).equals(t.get("containerInstanceArn").asString()))
                    .map(t -> t.get("taskArn").asString()).collect(Collectors.toSet());
            assertThat(onLost).hasSize(2);

            try {
                RigHosts.rig("kill", LOST);
                await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<JsonNode> running = c.runningTasks("web");
                    assertThat(running).hasSize(D);
                    assertThat(c.perHost(running).get(1)).isEqualTo(D);
                    assertThat(RigHosts.countRunning(1, c.arn, "web")).isEqualTo(D);
                });
                assertThat(c.tasks("web", "STOPPED")).extracting(t -> t.get("taskArn").asString()).containsAll(onLost);
            } finally {
                RigHosts.rig("start", LOST);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> RigHosts.answers(LOST));
            }
            // the host is back: connected again, and its old containers must not come back as extra tasks
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.ok(c.call(HttpMethod.GET,
                    "/v1/clusters/" + c.name + "/container-instances/" + c.instanceId(LOST), null, null))
                    .get("agentConnected").asBoolean());
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> c.stable("web", D));
            assertThat(RigHosts.countRunning(List.of(1, LOST), c.arn, "web")).isEqualTo(D);
            assertThat(c.runningTasks("web")).hasSize(D).extracting(t -> t.get("taskArn").asString()).doesNotContainAnyElementsOf(onLost);
        }
    }
}
