package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The circuit breaker counts failed tasks by the stop cause recorded with the stop, on PostgreSQL: what the
 * stoppedReason sentence says cannot change the count (rewording it used to switch the count off), and V11 gives the
 * rows stopped before it their cause.
 */
class StopCauseIT {

    private static EmbeddedPostgres pg;
    // a fresh database: the cluster, the task definition and the service below all get id 1
    private static JdbcClient db;
    private static TaskRepository tasks;

    @BeforeAll
    static void database() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        DataSource ds = pg.getPostgresDatabase();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        db = JdbcClient.create(ds);
        tasks = new TaskRepository(db, JsonMapper.builder().build(), new NamedParameterJdbcTemplate(ds));
        db.sql("INSERT INTO cluster (name, status) VALUES ('c', 'ACTIVE')").update();
        db.sql("INSERT INTO task_definition_family VALUES ('f', 1)").update();
        db.sql("INSERT INTO task_definition (family, revision, status, network_mode, document) "
                + "VALUES ('f', 1, 'ACTIVE', 'bridge', '{}')").update();
        db.sql("INSERT INTO service (cluster_id, name, status, scheduling_strategy, desired_count, task_definition_id, "
                + "deployment_configuration) VALUES (1, 's', 'ACTIVE', 'REPLICA', 3, 1, '{}')").update();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static String deployment() {
        String id = "ecs-svc/" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
        db.sql("INSERT INTO service_deployment (id, service_id, status, task_definition_id, desired_count, rollout_state) "
                + "VALUES (?, 1, 'ACTIVE', 1, 3, 'IN_PROGRESS')").param(id).update();
        return id;
    }

    private static TaskId task(String deploymentId) {
        TaskId id = new TaskId(UUID.randomUUID().toString().replace("-", ""));
        tasks.insert(new TaskRepository.NewTask(id, new ClusterId(1), null, new TaskDefinitionId(1),
                new ServiceId(1), new DeploymentId(deploymentId), "service:s", deploymentId, 0, 0, List.of(), List.of(),
                "{}", null, null, List.of(), 7L));
        return id;
    }

    /** A task of the deployment stopped for {@code cause} with {@code reason}, then STOPPED as its host reports. */
    private static void stopped(String deploymentId, StopCause cause, String reason) {
        TaskId id = task(deploymentId);
        assertThat(tasks.requestStop(id, cause, reason, 7L)).isTrue();
        assertThat(tasks.advance(id, LastStatus.STOPPED)).isTrue();
    }

    @Test
    void rewordingTheHealthCheckReasonCannotChangeTheBreakerCount() {
        Instant before = Instant.parse("2000-01-01T00:00:00Z");
        for (String wording : List.of("Task failed container health checks", "Task failed ELB health checks",
                "Tâche en échec des contrôles de santé", "")) {
            String d = deployment();
            stopped(d, StopCause.FAILED_HEALTH_CHECKS, wording);
            stopped(d, StopCause.FAILED_TO_START, "CannotPullContainerError: " + wording);
            stopped(d, StopCause.ESSENTIAL_CONTAINER_EXITED, wording);
            // the scheduler's own stops never count, even worded as the health check replacement once was
            stopped(d, StopCause.SCHEDULER, "Task failed container health checks");
            stopped(d, StopCause.HOST_LOST, wording);
            assertThat(tasks.deploymentFailures(new DeploymentId(d), before)).as("wording '%s'", wording).isEqualTo(3);
        }
    }

    @Test
    void theFirstStopWinsForTheCauseAsForTheCode() {
        String d = deployment();
        TaskId id = task(d);
        assertThat(tasks.requestStop(id, StopCause.FAILED_HEALTH_CHECKS, "unhealthy")).isTrue();
        tasks.stopNow(id, StopCause.HOST_LOST, "lost");
        Task t = tasks.find(id).orElseThrow();
        assertThat(t.stopCause()).isEqualTo(StopCause.FAILED_HEALTH_CHECKS);
        assertThat(t.stopCode()).isEqualTo(StopCode.ServiceSchedulerInitiated);
        assertThat(t.stoppedReason()).isEqualTo("unhealthy");
        assertThat(tasks.deploymentFailures(new DeploymentId(d), Instant.parse("2000-01-01T00:00:00Z"))).isEqualTo(1);
    }

    @Test
    void v11GivesTheTasksStoppedBeforeItTheirCause() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().start()) {
            DataSource ds = old.getPostgresDatabase();
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("10").load().migrate();
            JdbcClient v10 = JdbcClient.create(ds);
            v10.sql("INSERT INTO cluster (name, status) VALUES ('c', 'ACTIVE')").update();
            v10.sql("INSERT INTO task_definition_family VALUES ('f', 1)").update();
            v10.sql("INSERT INTO task_definition (family, revision, status, network_mode, document) "
                    + "VALUES ('f', 1, 'ACTIVE', 'bridge', '{}')").update();
            List<List<String>> rows = List.of(
                    List.of("UserInitiated", "Task stopped by user", "USER_REQUEST"),
                    List.of("TaskFailedToStart", "CannotPullContainerError: x", "FAILED_TO_START"),
                    List.of("EssentialContainerExited", "Essential container in task exited", "ESSENTIAL_CONTAINER_EXITED"),
                    List.of("ServiceSchedulerInitiated", "Task failed container health checks", "FAILED_HEALTH_CHECKS"),
                    List.of("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment d)", "SCHEDULER"),
                    List.of("InfrastructureHealth", "Host lost: container instance i has not answered", "HOST_LOST"),
                    List.of("InfrastructureHealth", "Container instance was deregistered; its containers were left",
                            "INSTANCE_DEREGISTERED"));
            for (int i = 0; i < rows.size(); i++) {
                v10.sql("""
                        INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu,
                          memory, stop_code, stopped_reason, stopped_at) VALUES (?, 1, 1, 'family:f', 'STOPPED', 'STOPPED',
                          0, 0, ?, ?, now())""")
                        .param(String.format("%032d", i)).param(rows.get(i).get(0)).param(rows.get(i).get(1)).update();
            }
            v10.sql("INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu, "
                    + "memory) VALUES ('running0000000000000000000000000', 1, 1, 'family:f', 'RUNNING', 'RUNNING', 0, 0)")
                    .update();

            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

            for (int i = 0; i < rows.size(); i++) {
                assertThat(v10.sql("SELECT stop_cause FROM task WHERE id = ?").param(String.format("%032d", i))
                        .query(String.class).single()).as(rows.get(i).toString()).isEqualTo(rows.get(i).get(2));
            }
            assertThat(v10.sql("SELECT stop_cause FROM task WHERE id = 'running0000000000000000000000000'")
                    .query(String.class).optional()).isEmpty();
        }
    }
}
