package dev.gantry.instance;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes deregistered (INACTIVE) container instances past their retention: they stay describable that long
 * after DeregisterContainerInstance, as in ECS, then go. Ages use the database's clock.
 */
@Component
public class InstanceRetention {

    private final JdbcClient jdbc;

    InstanceRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An instance a stored task still names stays until the task reaper has removed that task. */
    public int purgeDeregistered(Duration age, int batch) {
        return jdbc.sql("""
                DELETE FROM container_instance WHERE id IN (
                  SELECT id FROM container_instance ci
                  WHERE status = 'INACTIVE' AND deregistered_at < now() - make_interval(secs => :age)
                    AND NOT EXISTS (SELECT 1 FROM task t WHERE t.container_instance_id = ci.id)
                  ORDER BY deregistered_at LIMIT :batch)""")
                .param("age", age.toSeconds()).param("batch", batch).update();
    }
}
