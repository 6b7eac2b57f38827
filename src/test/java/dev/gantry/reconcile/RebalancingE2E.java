package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real-engine twin of {@link RebalancingScenarioIT}: a service spread over two rig hosts (the shared h1 and h2,
 * only started on) is rebalanced when a third host (the disposable one) joins, one move at a time, never dropping
 * below its desired count, and the containers on the engines follow the database.
 */
@TestPropertySource(properties = "gantry.services.settle-time=0s")
class RebalancingE2E extends E2ESupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aServiceSpreadsOntoAHostThatJoinsWithoutDroppingBelowDesired() {
        int joining = RigHosts.DISPOSABLE;
        register(1, "zone-a");
        register(2, "zone-a");
        String family = taskDefinition(List.of(container("app", 16, "sleep 100000")));
        call(HttpMethod.POST, "/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", family,
                "desiredCount", 4, "availabilityZoneRebalancing", "ENABLED",
                "placementStrategy", List.of(Map.of("type", "spread", "field", "instanceId"))), 200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> tasksPerHost().equals(List.of(2, 2)) && running() == 4);

        AtomicInteger lowest = new AtomicInteger(4);
        register(joining, "zone-a");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            lowest.accumulateAndGet(running(), Math::min);
            List<Integer> spread = tasksPerHost();
            return spread.size() == 3 && spread.stream().allMatch(n -> n >= 1)
                    && spread.stream().mapToInt(Integer::intValue).max().orElseThrow() - spread.stream().mapToInt(Integer::intValue).min().orElseThrow() <= 1
                    && running() == 4;
        });

        assertThat(lowest.get()).as("running tasks never dropped below desired").isGreaterThanOrEqualTo(4);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(containersPerHost(joining))
                .as("running containers on h1, h2, h%d", joining).isEqualTo(tasksPerHostByRigHost(joining)));
        JsonNode events = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/services/web/events?maxResults=100", null, 200);
        assertThat(events.get("items").toString()).contains("is rebalancing");
    }

    /** RUNNING-desired tasks per instance, in registration order. */
    private List<Integer> tasksPerHost() {
        return jdbc.sql("""
                SELECT count(t.id) FROM container_instance i JOIN cluster c ON c.id = i.cluster_id
                LEFT JOIN task t ON t.container_instance_id = i.id AND t.desired_status = 'RUNNING'
                WHERE c.name = :c AND i.status = 'ACTIVE' GROUP BY i.id, i.registered_at ORDER BY i.registered_at, i.id""")
                .param("c", cluster).query(Integer.class).list();
    }

    /** Tasks the database has RUNNING per rig host (h1, h2, then the joining one). */
    private List<Integer> tasksPerHostByRigHost(int joining) {
        List<Integer> counts = new ArrayList<>();
        for (int h : List.of(1, 2, joining)) {
            counts.add(jdbc.sql("""
                    SELECT count(t.id) FROM task t JOIN container_instance i ON i.id = t.container_instance_id
                    JOIN cluster c ON c.id = t.cluster_id
                    WHERE c.name = :c AND i.docker_endpoint = :e AND t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'""")
                    .param("c", cluster).param("e", RigHosts.unixSocket(h)).query(Integer.class).single());
        }
        return counts;
    }

    private List<Integer> containersPerHost(int joining) {
        return List.of(1, 2, joining).stream().map(h -> RigHosts.running(h, clusterArn).size()).toList();
    }

    private int running() {
        return jdbc.sql("""
                SELECT count(*) FROM task t JOIN cluster c ON c.id = t.cluster_id
                WHERE c.name = :c AND t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'""")
                .param("c", cluster).query(Integer.class).single();
    }
}
