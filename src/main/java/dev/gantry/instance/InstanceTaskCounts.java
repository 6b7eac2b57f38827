package dev.gantry.instance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Task counts per instance as ECS defines them: running = desiredStatus RUNNING, pending = lastStatus PENDING. */
@Component
class InstanceTaskCounts {

    private final JdbcClient jdbc;

    InstanceTaskCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Counts(int running, int pending) {
    }

    Counts counts(String instanceId) {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE desired_status = 'RUNNING' AND last_status <> 'STOPPED') AS running,
                       count(*) FILTER (WHERE last_status IN ('PROVISIONING', 'PENDING')) AS pending
                FROM task WHERE container_instance_id = :id AND last_status <> 'STOPPED'""")
                .param("id", instanceId).query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2))).single();
    }

    int liveTasks(String instanceId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id = :id AND last_status <> 'STOPPED'")
                .param("id", instanceId).query(Integer.class).single();
    }
}
