package dev.gantry.task;

import dev.gantry.instance.InstanceTaskCounts;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The instance module's questions about the tasks on its hosts, answered from the task table. */
@Component
class TaskCountsOfInstances implements InstanceTaskCounts {

    private final JdbcClient jdbc;

    TaskCountsOfInstances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Counts counts(String instanceId) {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE desired_status = 'RUNNING' AND last_status <> 'STOPPED') AS running,
                       count(*) FILTER (WHERE last_status IN ('PROVISIONING', 'PENDING')) AS pending
                FROM task WHERE container_instance_id = :id AND last_status <> 'STOPPED'""")
                .param("id", instanceId).query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2))).single();
    }

    @Override
    public int liveTasks(String instanceId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id = :id AND last_status <> 'STOPPED'")
                .param("id", instanceId).query(Integer.class).single();
    }

    @Override
    public Set<String> namedByTasks(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("SELECT DISTINCT container_instance_id FROM task WHERE container_instance_id IN (:ids)")
                .param("ids", List.copyOf(instanceIds)).query(String.class).stream().map(String::trim)
                .collect(Collectors.toSet());
    }
}
