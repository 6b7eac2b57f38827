package dev.gantry.task;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The counts of tasks other modules show or act on, published by the task module (it owns the task table):
 * per deployment for DescribeServices, per service and per cluster for the state gauges, and which services a
 * stored task still names for the service retention. ECS's meaning throughout: running = lastStatus RUNNING,
 * pending = PROVISIONING or PENDING.
 */
@Component
public class TaskCounts {

    /** Running and pending tasks of one deployment, service or cluster. */
    public record Counts(int running, int pending) {
        public static final Counts NONE = new Counts(0, 0);
    }

    /** Tasks of one cluster in one lastStatus. */
    public record ByStatus(long clusterId, String lastStatus, long count) {
    }

    private final JdbcClient jdbc;

    TaskCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@link Counts} per deployment id of the service (deployments without live tasks are absent). */
    public Map<String, Counts> byDeployment(long serviceId) {
        Map<String, Counts> byDeployment = new HashMap<>();
        jdbc.sql("""
                SELECT deployment_id, count(*) FILTER (WHERE last_status = 'RUNNING'),
                       count(*) FILTER (WHERE last_status IN ('PROVISIONING', 'PENDING'))
                FROM task WHERE service_id = :s AND last_status <> 'STOPPED' GROUP BY deployment_id""")
                .param("s", serviceId)
                .query((rs, n) -> byDeployment.put(rs.getString(1), new Counts(rs.getInt(2), rs.getInt(3)))).list();
        return byDeployment;
    }

    /** {@link Counts} per service among {@code serviceIds} (services without live tasks are absent). */
    public Map<Long, Counts> byService(Collection<Long> serviceIds) {
        Map<Long, Counts> byService = new HashMap<>();
        if (serviceIds.isEmpty()) {
            return byService;
        }
        jdbc.sql("""
                SELECT service_id, count(*) FILTER (WHERE last_status = 'RUNNING'),
                       count(*) FILTER (WHERE last_status IN ('PROVISIONING', 'PENDING'))
                FROM task WHERE service_id IN (:s) AND last_status <> 'STOPPED' GROUP BY service_id""")
                .param("s", List.copyOf(serviceIds))
                .query((rs, n) -> byService.put(rs.getLong(1), new Counts(rs.getInt(2), rs.getInt(3)))).list();
        return byService;
    }

    /** Stored tasks (any state) per cluster and lastStatus, for the clusters among {@code clusterIds}. */
    public List<ByStatus> byClusterAndStatus(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT cluster_id, last_status, count(*) FROM task WHERE cluster_id IN (:c)
                GROUP BY cluster_id, last_status""")
                .param("c", List.copyOf(clusterIds))
                .query((rs, n) -> new ByStatus(rs.getLong(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Of {@code serviceIds}, those a stored task (in any state) still names. */
    public Set<Long> servicesNamedByTasks(Collection<Long> serviceIds) {
        if (serviceIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("SELECT DISTINCT service_id FROM task WHERE service_id IN (:s)")
                .param("s", List.copyOf(serviceIds)).query(Long.class).stream().collect(Collectors.toSet());
    }
}
