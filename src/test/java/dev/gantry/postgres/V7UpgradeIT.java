package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Upgrading a database written by earlier versions to V7 (issue #10 item 6): the states they could leave behind
 * (two PRIMARY deployments after a race, none after a crash in the middle of a rollback, a STOPPED task still
 * desired RUNNING) are repaired before the constraints that forbid them are added, so the upgrade succeeds and the
 * service is schedulable again.
 */
class V7UpgradeIT {

    @Test
    void badStatesOfEarlierVersionsAreRepairedAndThenForbidden() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").target("6").load()
                    .migrate();
            JdbcClient db = JdbcClient.create(pg.getPostgresDatabase());
            db.sql("INSERT INTO cluster (name, status) VALUES ('c', 'ACTIVE')").update();
            db.sql("INSERT INTO task_definition_family VALUES ('f', 1)").update();
            db.sql("INSERT INTO task_definition (family, revision, status, network_mode, document) "
                    + "VALUES ('f', 1, 'ACTIVE', 'bridge', '{}')").update();
            for (String name : List.of("raced", "crashed")) {
                db.sql("INSERT INTO service (cluster_id, name, status, scheduling_strategy, desired_count, task_definition_id, "
                        + "deployment_configuration) VALUES (1, ?, 'ACTIVE', 'REPLICA', 1, 1, '{}')").param(name).update();
            }
            // raced: two PRIMARY deployments; crashed: the old one demoted, the new one never inserted
            deployment(db, "raced-old", 1, "PRIMARY", "2026-01-01T00:00:00Z");
            deployment(db, "raced-new", 1, "PRIMARY", "2026-01-02T00:00:00Z");
            deployment(db, "crashed-older", 2, "INACTIVE", "2026-01-01T00:00:00Z");
            deployment(db, "crashed-old", 2, "ACTIVE", "2026-01-02T00:00:00Z");
            db.sql("INSERT INTO task (id, cluster_id, task_definition_id, group_name, last_status, desired_status, cpu, memory) "
                    + "VALUES ('00000000000000000000000000000001', 1, 1, 'family:f', 'STOPPED', 'RUNNING', 0, 0)").update();

            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();

            assertThat(status(db, "raced-new")).isEqualTo("PRIMARY");
            assertThat(status(db, "raced-old")).isEqualTo("ACTIVE");
            assertThat(status(db, "crashed-old")).isEqualTo("PRIMARY");
            assertThat(status(db, "crashed-older")).isEqualTo("INACTIVE");
            assertThat(db.sql("SELECT desired_status || ' ' || (stopped_at IS NOT NULL) FROM task").query(String.class).single())
                    .isEqualTo("STOPPED true");
        }
    }

    private static void deployment(JdbcClient db, String id, long serviceId, String status, String createdAt) {
        db.sql("INSERT INTO service_deployment (id, service_id, status, task_definition_id, desired_count, rollout_state, "
                        + "created_at) VALUES (?, ?, ?, 1, 1, 'IN_PROGRESS', CAST(? AS timestamptz))")
                .param(id).param(serviceId).param(status).param(createdAt).update();
    }

    private static String status(JdbcClient db, String deploymentId) {
        return db.sql("SELECT status FROM service_deployment WHERE id = ?").param(deploymentId).query(String.class).single();
    }
}
