package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/** A DAEMON service follows its hosts: one task per ACTIVE instance as hosts join, drain and come back. */
@GantryIntegrationTest
class DaemonServiceE2E {

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void followsHostsJoiningAndDraining() {
        try (TestCluster c = TestCluster.create(http, json, "daemon", 1)) {
            String td = c.sleeper(TestCluster.unique("daemon"), "gantry-test/busybox:1");
            c.createService(Map.of("serviceName", "agent", "taskDefinition", td, "schedulingStrategy", "DAEMON"));
            awaitOnePerHost(c, Map.of(1, 1L, 2, 0L));

            c.register(2);
            awaitOnePerHost(c, Map.of(1, 1L, 2, 1L));

            c.setInstanceState(2, "DRAINING");
            awaitOnePerHost(c, Map.of(1, 1L, 2, 0L));
            assertThat(RigHosts.countRunning(2, c.arn, "agent")).isZero();

            c.setInstanceState(2, "ACTIVE");
            awaitOnePerHost(c, Map.of(1, 1L, 2, 1L));
            assertThat(c.service("agent").get("deployments")).hasSize(1);
        }
    }

    private static void awaitOnePerHost(TestCluster c, Map<Integer, Long> expected) {
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<Integer, Long> perHost = c.perHost(c.runningTasks("agent"));
            expected.forEach((host, n) -> assertThat(perHost.getOrDefault(host, 0L)).as("tasks on h%d", host).isEqualTo(n));
            assertThat(c.stable("agent", (int) total)).as("stable with desiredCount %d: %s", total, c.service("agent")).isTrue();
            for (var e : expected.entrySet()) {
                assertThat(RigHosts.countRunning(e.getKey(), c.arn, "agent")).isEqualTo(e.getValue().intValue());
            }
        });
    }
}
