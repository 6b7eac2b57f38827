package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.GantryApplication;
import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import dev.gantry.reconcile.ClusterLeadership;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Gantry instances on one database: this test's shared context (A) and a second application
 * context (B) in the same JVM on A's embedded PostgreSQL. The cluster's lease is put on B (so the
 * instance that dies is not the one other test classes share), B is closed in the middle of a
 * rolling update, and A must take over and converge: exactly D running tasks, exactly D containers of
 * the service on the hosts, each belonging to one of those tasks and none missing.
 */
@GantryIntegrationTest
class LeaderFailoverE2E {

    static final int D = 4;

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ClusterLeadership leadershipA;

    @Test
    void theSurvivorConvergesWhenTheLeaderDiesMidRollout() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        ConfigurableApplicationContext b = new SpringApplicationBuilder(GantryApplication.class).profiles("it")
                .properties("spring.datasource.url=" + pool.getJdbcUrl(), "spring.datasource.username=" + pool.getUsername(),
                        "spring.datasource.password=" + pool.getPassword(), "server.port=0")
                .run();
        try (TestCluster c = TestCluster.create(http, json, "failover", 1, 2)) {
            ClusterLeadership leadershipB = b.getBean(ClusterLeadership.class);
            long clusterId = jdbc.sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(c.name)
                    .query(Long.class).single();
            handLeaseTo(clusterId, leadershipB.replicaId());
            await().atMost(Duration.ofSeconds(20)).until(() -> leadershipB.leads(clusterId) && !leadershipA.leads(clusterId));

            String family = TestCluster.unique("failover");
            String v1 = c.sleeper(family, "gantry-test/busybox:1");
            String v2 = c.sleeper(family, "gantry-test/busybox:2");
            c.replicaService("web", v1, D, null);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", D));
            long epochBefore = leaseEpoch(clusterId);

            c.update("web", Map.of("taskDefinition", v2));
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> c.tasks("web", "RUNNING")
                    .stream().anyMatch(t -> t.get("taskDefinitionArn").asString().endsWith("/" + v2)));
            assertThat(leadershipB.leads(clusterId)).as("B still leads when it dies").isTrue();
            b.close();

            await().atMost(Duration.ofSeconds(30)).until(() -> leadershipA.leads(clusterId));
            assertThat(leaseEpoch(clusterId)).isGreaterThan(epochBefore);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode deployments = c.service("web").get("deployments");
                return deployments.size() == 1 && deployments.get(0).get("taskDefinition").asString().endsWith("/" + v2)
                        && "COMPLETED".equals(deployments.get(0).get("rolloutState").asString()) && c.stable("web", D);
            });
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> c.stable("web", D));

            List<JsonNode> running = c.runningTasks("web");
            assertThat(running).hasSize(D).allSatisfy(t -> assertThat(t.get("taskDefinitionArn").asString()).endsWith("/" + v2));
            Map<String, Integer> containerOwners = new HashMap<>();
            List<String> containerTasks = new ArrayList<>();
            for (int host : c.instances.keySet()) {
                for (String id : RigHosts.runningIds(host, "gantry.cluster=" + c.arn, "gantry.service=web")) {
                    String task = RigHosts.docker(host).inspectContainerCmd(id).exec().getConfig().getLabels()
                            .get(RigHosts.LABEL_TASK_ARN);
                    containerTasks.add(task);
                    containerOwners.put(task, host);
                }
            }
            Set<String> runningArns = running.stream().map(t -> t.get("taskArn").asString()).collect(Collectors.toSet());
            assertThat(containerTasks).as("one container per running task, no duplicates, none lost")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(runningArns);
            for (JsonNode t : running) {
                assertThat(c.instances.get(containerOwners.get(t.get("taskArn").asString())))
                        .isEqualTo(t.get("containerInstanceArn").asString());
            }
        } finally {
            if (b.isActive()) {
                b.close();
            }
        }
    }

    /** As if B had taken the cluster over earlier: a new epoch with B as holder (A, if it held it, is fenced off). */
    private void handLeaseTo(long clusterId, String replica) {
        jdbc.sql("""
                INSERT INTO cluster_lease AS l (cluster_id, holder, epoch, expires_at)
                VALUES (:c, :b, 1, now() + interval '6 seconds')
                ON CONFLICT (cluster_id) DO UPDATE SET holder = :b, epoch = l.epoch + 1, acquired_at = now(),
                  expires_at = now() + interval '6 seconds'""")
                .param("c", clusterId).param("b", replica).update();
    }

    private long leaseEpoch(long clusterId) {
        return jdbc.sql("SELECT epoch FROM cluster_lease WHERE cluster_id = ?").param(clusterId).query(Long.class).single();
    }
}
