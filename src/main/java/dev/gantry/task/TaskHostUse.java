package dev.gantry.task;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the host cleanup must know of the tasks of one container instance: which images and tasks are in use. */
@Component
public class TaskHostUse {

    /**
     * An image reference as the tasks of one instance name it. {@code live}: some task using it is not STOPPED;
     * {@code unusedLongEnough}: every task using it stopped more than the age ago (database clock).
     */
    public record ImageUse(String image, boolean live, boolean unusedLongEnough) {
    }

    private final JdbcClient jdbc;

    TaskHostUse(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ImageUse> imagesOf(String instanceId, Duration minimumAge) {
        return jdbc.sql("""
                SELECT tc.image,
                       bool_or(t.last_status <> 'STOPPED') AS live,
                       coalesce(bool_and(t.last_status = 'STOPPED'
                                         AND t.stopped_at < now() - make_interval(secs => :age)), false) AS old
                FROM task t JOIN task_container tc ON tc.task_id = t.id
                WHERE t.container_instance_id = :i
                GROUP BY tc.image""")
                .param("i", instanceId).param("age", minimumAge.toSeconds())
                .query((rs, n) -> new ImageUse(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).list();
    }

    /** The ids among {@code taskIds} of tasks that exist and are not STOPPED. */
    public Set<String> live(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("SELECT id FROM task WHERE id IN (:ids) AND last_status <> 'STOPPED'").param("ids", taskIds)
                .query(String.class).stream().map(String::trim).collect(Collectors.toSet());
    }
}
