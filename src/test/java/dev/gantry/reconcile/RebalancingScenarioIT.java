package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A story on simulated (hollow) hosts, for the timing logic only: a service spread over two hosts
 * is rebalanced when two more join, one move at a time, never dropping below its desired count.
 * The same scheduler runs on real engines in the service E2E tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gantry.docker.adapter=simulated", "gantry.services.settle-time=0s"})
@AutoConfigureRestTestClient
@ActiveProfiles("it")
class RebalancingScenarioIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    private void post(String uri, Object body) {
        http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    private List<Integer> tasksPerHost(String cluster) {
        return jdbc.sql("""
                SELECT count(t.id) FROM container_instance i JOIN cluster c ON c.id = i.cluster_id
                LEFT JOIN task t ON t.container_instance_id = i.id AND t.desired_status = 'RUNNING'
                WHERE c.name = :c AND c.status = 'ACTIVE' GROUP BY i.id ORDER BY i.id""")
                .param("c", cluster).query(Integer.class).list();
    }

    private int running(String cluster) {
        return jdbc.sql("""
                SELECT count(*) FROM task t JOIN cluster c ON c.id = t.cluster_id
                WHERE c.name = :c AND t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'""")
                .param("c", cluster).query(Integer.class).single();
    }

    @Test
    void serviceSpreadsOntoHostsThatJoinWithoutDroppingBelowDesired() {
        String cluster = "rebal-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        for (int i = 0; i < 2; i++) {
            post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "tcp://" + cluster + "-" + i + ":2375"));
        }
        post("/v1/task-definitions", Map.of("family", cluster, "containerDefinitions", List.of(Map.of(
                "name", "app", "image", "gantry-test/busybox:1", "memory", 16, "command", List.of("sleep", "100000")))));
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster,
                "desiredCount", 4, "availabilityZoneRebalancing", "ENABLED",
                "placementStrategy", List.of(Map.of("type", "spread", "field", "instanceId"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> tasksPerHost(cluster).equals(List.of(2, 2)) && running(cluster) == 4);

        AtomicInteger lowest = new AtomicInteger(4);
        for (int i = 2; i < 4; i++) {
            post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "tcp://" + cluster + "-" + i + ":2375"));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            lowest.accumulateAndGet(running(cluster), Math::min);
            List<Integer> spread = tasksPerHost(cluster);
            return spread.size() == 4 && spread.stream().allMatch(n -> n == 1) && running(cluster) == 4;
        });
        assertThat(lowest.get()).as("running tasks never dropped below desired").isGreaterThanOrEqualTo(4);
        http.get().uri("/v1/clusters/" + cluster + "/services/web/events?maxResults=100").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].message").value(messages ->
                        assertThat(messages.toString()).contains("is rebalancing"));
    }
}
