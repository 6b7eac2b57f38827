package dev.gantry.service;

import dev.gantry.task.TaskCounts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
    private final TaskCounts tasks;

    ServiceRetention(JdbcClient jdbc, TaskCounts tasks) {
        this.jdbc = jdbc;
        this.tasks = tasks;
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
     * reaper has removed that task (the task module says which): DescribeTasks keeps answering with the service's
     * name. Up to four batches of the oldest candidates are looked at, so services still named do not hold back the
     * rest; at most {@code batch} go per call.
     */
    @Transactional
    public int purgeInactiveServices(Duration age, int batch) {
        List<Long> candidates = jdbc.sql("""
                SELECT id FROM service
                WHERE status = 'INACTIVE' AND updated_at < now() - make_interval(secs => :age)
                ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("age", age.toSeconds()).param("limit", 4 * batch).query(Long.class).list();
        Set<Long> named = tasks.servicesNamedByTasks(candidates);
        List<Long> doomed = candidates.stream().filter(id -> !named.contains(id)).limit(batch).toList();
        if (doomed.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                WITH events AS (DELETE FROM service_event WHERE service_id IN (:ids)),
                deployments AS (DELETE FROM service_deployment WHERE service_id IN (:ids))
                DELETE FROM service WHERE id IN (:ids)""")
                .param("ids", doomed).update();
    }
}
