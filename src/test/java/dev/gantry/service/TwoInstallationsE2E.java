package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryApplication;
import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import dev.gantry.TestCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Gantry installations, each with its own embedded database (this test's shared context A and a second
 * application context B, whose "it" profile gives it a fresh data directory), register the same two rig engines
 * into a cluster of the same name, so both clusters have the same ARN (as two installations with default settings
 * do), and each runs a service. Neither may ever remove the other's containers: the ids of each service's
 * containers stay the same across many resync passes of both (resync every 2 s in the "it" profile).
 */
@GantryIntegrationTest
class TwoInstallationsE2E {

    static final int D = 2;
    static final Duration WATCH = Duration.ofSeconds(30);

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void neitherInstallationRemovesTheOthersContainers() {
        ConfigurableApplicationContext b = new SpringApplicationBuilder(GantryApplication.class).profiles("it")
                .properties("server.port=0").run();
        String port = b.getEnvironment().getProperty("local.server.port");
        RestTestClient httpB = TestCredentials.client("http://127.0.0.1:" + port);
        try (TestCluster a = TestCluster.create(http, json, "twin", 1, 2);
                TestCluster other = TestCluster.named(httpB, json, a.name, 1, 2)) {
            assertThat(other.arn).as("both installations' clusters have one ARN").isEqualTo(a.arn);
            a.replicaService("web-a", a.sleeper(TestCluster.unique("twin-a"), "gantry-test/busybox:1"), D, null);
            other.replicaService("web-b", other.sleeper(TestCluster.unique("twin-b"), "gantry-test/busybox:1"), D, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.stable("web-a", D) && other.stable("web-b", D));

            Set<String> containersA = containers(a.arn, "web-a");
            Set<String> containersB = containers(a.arn, "web-b");
            assertThat(containersA).hasSize(D);
            assertThat(containersB).hasSize(D);
            // every poll over the window must see exactly the same containers running: one removal (and even its
            // replacement) changes an id
            await().during(WATCH).atMost(WATCH.plusSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    containers(a.arn, "web-a").equals(containersA) && containers(a.arn, "web-b").equals(containersB));
        } finally {
            b.close();
        }
    }

    /** Ids of the running containers of a service (by its label) on h1 and h2. */
    private static Set<String> containers(String clusterArn, String service) {
        Set<String> ids = new TreeSet<>();
        for (int host : List.of(1, 2)) {
            ids.addAll(RigHosts.runningIds(host, "gantry.cluster=" + clusterArn, "gantry.service=" + service));
        }
        return ids;
    }
}
