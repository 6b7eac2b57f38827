package dev.gantry.instance;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes deregistered (INACTIVE) container instances past their retention: they stay describable that long
 * after DeregisterContainerInstance, as in ECS, then go. Ages use the database's clock.
 */
@Component
public class InstanceRetention {

    private final JdbcClient jdbc;
    private final InstanceTaskCounts tasks;

    InstanceRetention(JdbcClient jdbc, InstanceTaskCounts tasks) {
        this.jdbc = jdbc;
        this.tasks = tasks;
    }

    /**
     * An instance a stored task still names stays until the task reaper has removed that task (the task module
     * says which). Up to four batches of the oldest candidates are looked at, so instances still named do not hold
     * back the rest; at most {@code batch} go per call.
     */
    public int purgeDeregistered(Duration age, int batch) {
        List<String> candidates = jdbc.sql("""
                SELECT id FROM container_instance
                WHERE status = 'INACTIVE' AND deregistered_at < now() - make_interval(secs => :age)
                ORDER BY deregistered_at LIMIT :limit""")
                .param("age", age.toSeconds()).param("limit", 4 * batch).query(String.class).list();
        Set<String> named = tasks.namedByTasks(candidates);
        List<String> unnamed = candidates.stream().filter(id -> !named.contains(id.trim())).limit(batch).toList();
        if (unnamed.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM container_instance WHERE id IN (:ids) AND status = 'INACTIVE'")
                .param("ids", unnamed).update();
    }
}
