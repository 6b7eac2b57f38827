package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.sim.SimulatedDockerHost;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Item 10 of issue #10: this replica's clock is an hour ahead of the database's, and the rules that compare stored
 * times still hold, because they use database time (DatabaseClock, the loss query, the eviction guard). A task
 * counts as settled only after the settle time; after a takeover no host is declared lost before the failover grace
 * ({@code gantry.instances.failover-grace}, which nothing read before). Simulated hosts: this is timing logic, and
 * a simulated host can be made unreachable without touching the rig.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gantry.docker.adapter=simulated",
        "gantry.services.settle-time=20s",
        "gantry.instances.loss-timeout=2s",
        "gantry.instances.failover-grace=20s"})
@AutoConfigureRestTestClient
@ActiveProfiles("it")
class SkewedClockIT {

    static final Duration SKEW = Duration.ofHours(1);

    @TestConfiguration
    static class SkewedJvmClock {
        @Bean
        @Primary
        Clock skewedClock() {
            return Clock.offset(Clock.systemUTC(), SKEW);
        }
    }

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DockerHostFactory docker;
    @Autowired
    DatabaseClock clock;
    @Autowired
    ClusterLeadership leadership;

    private JsonNode post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String newCluster(String prefix) {
        String cluster = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        post("/v1/task-definitions", Map.of("family", cluster, "containerDefinitions", List.of(Map.of(
                "name", "app", "image", "gantry-test/busybox:1", "memory", 16, "command", List.of("sleep", "100000")))));
        return cluster;
    }

    private long clusterId(String cluster) {
        return jdbc.sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(cluster).query(Long.class).single();
    }

    @Test
    void theDatabaseClockIsTheDatabasesTimeNotTheSkewedJvms() {
        Duration offset = clock.offset();
        assertThat(offset.plus(SKEW).abs()).as("measured offset %s against a JVM clock %s ahead", offset, SKEW)
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTaskIsNotSettledBeforeTheSettleTimeWhenTheJvmClockIsAhead() {
        String cluster = newCluster("settle");
        post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "tcp://" + cluster + "-0:2375"));
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster, "desiredCount", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/clusters/" + cluster + "/services/web")
                .get("runningCount").asInt() == 1);
        // with JVM time the task "started an hour ago" and the deployment completed at once; by database time it has
        // not run for the 20 s settle time yet
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(get("/v1/clusters/" + cluster + "/services/web").get("deployments").get(0)
                        .get("rolloutState").asString()).isEqualTo("IN_PROGRESS"));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                "COMPLETED".equals(get("/v1/clusters/" + cluster + "/services/web").get("deployments").get(0)
                        .get("rolloutState").asString()));
    }

    @Test
    void afterATakeoverNoHostIsDeclaredLostBeforeTheFailoverGrace() {
        String cluster = newCluster("grace");
        long id = clusterId(cluster);
        String endpoint = "tcp://" + cluster + "-0:2375";
        post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", endpoint));
        JsonNode run = post("/v1/clusters/" + cluster + "/tasks", Map.of("taskDefinition", cluster));
        String taskArn = run.get("tasks").get(0).get("taskArn").asString();
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(task(cluster, taskId).get("lastStatus").asString()));

        SimulatedDockerHost host = ((SimulatedDockerHostFactory) docker).host(endpoint);
        host.setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT NOT agent_connected FROM container_instance WHERE cluster_id = ?").param(id).query(Boolean.class).single());
        // another replica held the lease and died: this one takes the cluster over
        jdbc.sql("UPDATE cluster_lease SET holder = 'crashed-replica', expires_at = now() WHERE cluster_id = ?").param(id).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT holder = ? AND acquired_at > now() - interval '5 seconds' FROM cluster_lease WHERE cluster_id = ?")
                .param(leadership.replicaId()).param(id).query(Boolean.class).single());

        // the loss timeout (2 s) passes many times over; the failover grace (20 s) holds the host
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(14)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(task(cluster, taskId).get("lastStatus").asString()).isEqualTo("RUNNING"));
        // and after the grace it is lost as usual
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode t = task(cluster, taskId);
            assertThat(t.get("lastStatus").asString()).isEqualTo("STOPPED");
            assertThat(t.get("stopCode").asString()).isEqualTo("InfrastructureHealth");
        });
    }

    private JsonNode task(String cluster, String taskId) {
        return get("/v1/clusters/" + cluster + "/tasks/" + taskId);
    }
}
