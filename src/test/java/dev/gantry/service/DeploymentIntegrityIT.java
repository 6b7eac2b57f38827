package dev.gantry.service;

import dev.gantry.task.TaskLifecycle.StopCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.task.TaskTransitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Issue #10 item 6 on a real PostgreSQL (the application's embedded one) with simulated engines: the states a
 * crash or a race used to leave behind are refused by the database, a circuit-breaker rollback is all or nothing,
 * and a forced deregistration stops its tasks through the one writer of that transition, with its events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gantry.docker.adapter=simulated", "gantry.services.settle-time=0s"})
@AutoConfigureRestTestClient
@ActiveProfiles("it")
class DeploymentIntegrityIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StoppedEvents stoppedEvents;

    /** Every TaskStopped the application publishes, as its schedulers hear them. */
    static class StoppedEvents {
        final List<TaskTransitions.TaskStopped> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(TaskTransitions.TaskStopped e) {
            seen.add(e);
        }
    }

    @TestConfiguration
    static class Listening {
        @Bean
        StoppedEvents stoppedEvents() {
            return new StoppedEvents();
        }
    }

    private void post(String uri, Object body) {
        http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    private long taskDefinition(String family, String image) {
        post("/v1/task-definitions", Map.of("family", family, "containerDefinitions", List.of(Map.of(
                "name", "app", "image", image, "memory", 16, "command", List.of("sleep", "100000")))));
        return jdbc.sql("SELECT max(id) FROM task_definition WHERE family = ?").param(family).query(Long.class).single();
    }

    private long service(String cluster) {
        return jdbc.sql("SELECT s.id FROM service s JOIN cluster c ON c.id = s.cluster_id WHERE c.name = ? "
                + "AND c.status = 'ACTIVE' AND s.name = 'web'").param(cluster).query(Long.class).single();
    }

    record DeploymentRow(String id, String status, long taskDefinitionId, String rolloutState) {
    }

    /** Every deployment of the service, INACTIVE ones included, oldest first. */
    private List<DeploymentRow> deployments(long serviceId) {
        return jdbc.sql("SELECT id, status, task_definition_id, rollout_state FROM service_deployment WHERE service_id = ? "
                        + "ORDER BY created_at, id")
                .param(serviceId).query((rs, n) -> new DeploymentRow(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4))).list();
    }

    @Test
    void theDatabaseRefusesASecondPrimaryDeploymentAndUnknownStatuses() {
        String cluster = "integrity-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        long td = taskDefinition(cluster, "gantry-test/busybox:1");
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster, "desiredCount", 0));
        long serviceId = service(cluster);

        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO service_deployment (id, service_id, status, task_definition_id, desired_count, rollout_state)
                VALUES (:id, :s, 'PRIMARY', :td, 0, 'IN_PROGRESS')""")
                .param("id", "ecs-svc/second-" + serviceId).param("s", serviceId).param("td", td).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("service_deployment_one_primary");
        assertThat(deployments(serviceId)).extracting(DeploymentRow::status).containsExactly("PRIMARY");

        long clusterId = jdbc.sql("SELECT cluster_id FROM service WHERE id = ?").param(serviceId).query(Long.class).single();
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu, memory)
                VALUES (:id, :c, :td, 'family:x', 'STOPPED', 'RUNNING', 0, 0)""")
                .param("id", UUID.randomUUID().toString().replace("-", "")).param("c", clusterId).param("td", td).update())
                .as("a STOPPED task that is still desired RUNNING").isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu, memory)
                VALUES (:id, :c, :td, 'family:x', 'BOGUS', 'RUNNING', 0, 0)""")
                .param("id", UUID.randomUUID().toString().replace("-", "")).param("c", clusterId).param("td", td).update())
                .as("an unknown lastStatus").isInstanceOf(DataIntegrityViolationException.class);
    }

    /**
     * A trigger makes the last write of the rollback (the service's revision) fail, as a crash between the writes
     * would: every attempt must leave the failed deployment the one PRIMARY (not FAILED either: that write is part
     * of the same transaction), and once the fault is gone the rollback completes.
     */
    @Test
    void aCircuitBreakerRollbackThatFailsMidwayLeavesTheServiceAsItWas() {
        String cluster = "rollback-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        long v1 = taskDefinition(cluster, "gantry-test/busybox:1");
        // no instances: nothing is placed, so the rollout can only end by the breaker
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster + ":1",
                "desiredCount", 1, "deploymentConfiguration", Map.of("deploymentCircuitBreaker",
                        Map.of("enable", true, "rollback", true, "threshold", 3))));
        long serviceId = service(cluster);
        jdbc.sql("UPDATE service_deployment SET rollout_state = 'COMPLETED' WHERE service_id = ? AND status = 'PRIMARY'")
                .param(serviceId).update();
        long v2 = taskDefinition(cluster, "gantry-test/busybox:2");
        http.patch().uri("/v1/clusters/" + cluster + "/services/web").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("taskDefinition", cluster + ":2")).exchange().expectStatus().isOk();
        DeploymentRow failing = deployments(serviceId).stream().filter(d -> d.status().equals("PRIMARY")).findFirst().orElseThrow();
        assertThat(failing.taskDefinitionId()).isEqualTo(v2);

        String suffix = String.valueOf(serviceId);
        jdbc.sql("CREATE SEQUENCE rollback_attempts_" + suffix).update();
        jdbc.sql("CREATE FUNCTION fail_rollback_" + suffix + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "PERFORM nextval('rollback_attempts_" + suffix + "'); "
                + "RAISE EXCEPTION 'injected fault in the middle of a rollback'; END $$").update();
        jdbc.sql("CREATE TRIGGER fail_rollback_" + suffix + " BEFORE UPDATE ON service FOR EACH ROW WHEN "
                + "(NEW.id = " + serviceId + " AND OLD.task_definition_id IS DISTINCT FROM NEW.task_definition_id) "
                + "EXECUTE FUNCTION fail_rollback_" + suffix + "()").update();
        try {
            long clusterId = jdbc.sql("SELECT cluster_id FROM service WHERE id = ?").param(serviceId).query(Long.class).single();
            for (int i = 0; i < 3; i++) {
                jdbc.sql("""
                        INSERT INTO task (id, cluster_id, task_definition_id, service_id, deployment_id, group_name,
                          last_status, desired_status, cpu, memory, stop_code, stop_cause, stopped_reason, stopped_at)
                        VALUES (:id, :c, :td, :s, :d, 'service:web', 'STOPPED', 'STOPPED', 0, 0, 'TaskFailedToStart',
                          'FAILED_TO_START', 'CannotPullContainerError: injected', now() + interval '1 second')""")
                        .param("id", UUID.randomUUID().toString().replace("-", "")).param("c", clusterId).param("td", v2)
                        .param("s", serviceId).param("d", failing.id()).update();
            }
            // three failed attempts, or a partial rollback that landed (then no later pass reaches the fault again)
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts(suffix) >= 3 || deployments(serviceId).size() != 2);
            List<DeploymentRow> after = deployments(serviceId);
            assertThat(after).as("after %d failed rollbacks", attempts(suffix)).hasSize(2);
            assertThat(after.getFirst().taskDefinitionId()).isEqualTo(v1);
            assertThat(after.getFirst().status()).isNotEqualTo("PRIMARY");
            assertThat(after.getLast()).isEqualTo(new DeploymentRow(failing.id(), "PRIMARY", v2, "IN_PROGRESS"));
            assertThat(jdbc.sql("SELECT task_definition_id FROM service WHERE id = ?").param(serviceId).query(Long.class).single())
                    .isEqualTo(v2);
        } finally {
            jdbc.sql("DROP TRIGGER fail_rollback_" + suffix + " ON service").update();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deployments(serviceId).stream()
                .anyMatch(d -> d.status().equals("PRIMARY") && d.taskDefinitionId() == v1));
        assertThat(deployments(serviceId)).filteredOn(d -> d.status().equals("PRIMARY")).hasSize(1);
        assertThat(deployments(serviceId)).hasSize(3).filteredOn(d -> d.id().equals(failing.id())).singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isIn("ACTIVE", "INACTIVE");
                    assertThat(d.rolloutState()).isEqualTo("FAILED");
                });
        assertThat(jdbc.sql("SELECT task_definition_id FROM service WHERE id = ?").param(serviceId).query(Long.class).single())
                .isEqualTo(v1);
    }

    private long attempts(String suffix) {
        return jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM rollback_attempts_" + suffix)
                .query(Long.class).single();
    }

    @Test
    void forcedDeregistrationStopsTasksLikeAnyOtherStop() {
        String cluster = "dereg-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "tcp://" + cluster + "-0:2375"));
        taskDefinition(cluster, "gantry-test/busybox:1");
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster, "desiredCount", 3));
        String instanceId = jdbc.sql("SELECT i.id FROM container_instance i JOIN cluster c ON c.id = i.cluster_id "
                + "WHERE c.name = ? AND c.status = 'ACTIVE'").param(cluster).query(String.class).single();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id = ? "
                + "AND last_status = 'RUNNING'").param(instanceId).query(Integer.class).single() == 3);
        List<String> running = jdbc.sql("SELECT id FROM task WHERE container_instance_id = ? AND last_status = 'RUNNING'")
                .param(instanceId).query(String.class).list();

        http.delete().uri("/v1/clusters/{c}/container-instances/{i}?force=true", cluster, instanceId.trim()).exchange()
                .expectStatus().isOk();

        List<Map<String, Object>> rows = jdbc.sql("SELECT desired_status, last_status, stop_code, stopped_reason, "
                        + "stopping_at IS NOT NULL AS stopping, stopped_at IS NOT NULL AS stopped FROM task WHERE id = ANY(?)")
                .param(running.toArray(String[]::new)).query().listOfRows();
        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("desired_status")).isEqualTo("STOPPED");
            assertThat(r.get("last_status")).isEqualTo("STOPPED");
            assertThat(r.get("stop_code")).isEqualTo("InfrastructureHealth");
            assertThat((String) r.get("stopped_reason")).startsWith("Container instance was deregistered");
            assertThat(r.get("stopping")).isEqualTo(true);
            assertThat(r.get("stopped")).isEqualTo(true);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stoppedEvents.seen)
                .filteredOn(e -> running.contains(e.taskId().value()))
                .extracting(TaskTransitions.TaskStopped::stopCode)
                .containsExactly(StopCode.InfrastructureHealth, StopCode.InfrastructureHealth, StopCode.InfrastructureHealth));
        assertThat(jdbc.sql("SELECT status FROM container_instance WHERE id = ?").param(instanceId).query(String.class).single())
                .isEqualTo("INACTIVE");
    }
}
