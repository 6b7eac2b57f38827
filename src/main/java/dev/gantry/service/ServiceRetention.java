package dev.gantry.service;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes service rows past their retention, so the service tables grow with what is live, not with history.
 * Ages are compared with the database's clock ({@code now()}), the clock that wrote them. Each call deletes at
 * most {@code batch} rows, so one statement never holds locks on a whole table.
 */
@Component
public class ServiceRetention {

    private final JdbcClient jdbc;

    ServiceRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Events beyond the newest {@code keep} of their service (ECS keeps 100). */
    public int pruneEventsBeyond(int keep, int batch) {
        return jdbc.sql("""
                DELETE FROM service_event WHERE id IN (
                  SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY service_id
                                                                ORDER BY created_at DESC, id DESC) AS newest
                                  FROM service_event) ranked
                  WHERE newest > :keep LIMIT :batch)""")
                .param("keep", keep).param("batch", batch).update();
    }

    /** Events older than {@code age}, whatever their rank. */
    public int pruneEventsOlderThan(Duration age, int batch) {
        return jdbc.sql("""
                DELETE FROM service_event WHERE id IN (
                  SELECT id FROM service_event WHERE created_at < now() - make_interval(secs => :age) LIMIT :batch)""")
                .param("age", age.toSeconds()).param("batch", batch).update();
    }

    /**
     * INACTIVE services (deleted, every task stopped) whose deletion is older than {@code age}, with their
     * deployments and events, in one transaction. A service a stored task still names stays until the task
     * reaper has removed that task: DescribeTasks keeps answering with the service's name.
     */
    @Transactional
    public int purgeInactiveServices(Duration age, int batch) {
        return jdbc.sql("""
                WITH doomed AS (
                  SELECT id FROM service s
                  WHERE status = 'INACTIVE' AND updated_at < now() - make_interval(secs => :age)
                    AND NOT EXISTS (SELECT 1 FROM task t WHERE t.service_id = s.id)
                  ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED),
                events AS (DELETE FROM service_event WHERE service_id IN (SELECT id FROM doomed)),
                deployments AS (DELETE FROM service_deployment WHERE service_id IN (SELECT id FROM doomed))
                DELETE FROM service WHERE id IN (SELECT id FROM doomed)""")
                .param("age", age.toSeconds()).param("batch", batch).update();
    }
}
