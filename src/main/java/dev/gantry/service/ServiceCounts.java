package dev.gantry.service;

import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The service tables' aggregates other modules report (the state gauges), published by their owner. */
@Component
public class ServiceCounts {

    /** A live (ACTIVE or DRAINING) service and the task count it wants: a daemon's is its PRIMARY deployment's. */
    public record Desired(long clusterId, long serviceId, String name, int desiredCount) {
    }

    /** PRIMARY and ACTIVE deployments of live services in one cluster and rollout state. */
    public record Deployments(long clusterId, Deployment.RolloutState rolloutState, long count) {
    }

    private final JdbcClient jdbc;

    ServiceCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Desired> liveServices(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT s.cluster_id, s.id, s.name,
                       CASE WHEN s.scheduling_strategy = 'DAEMON'
                            THEN coalesce((SELECT d.desired_count FROM service_deployment d
                                           WHERE d.service_id = s.id AND d.status = 'PRIMARY'), 0)
                            ELSE s.desired_count END
                FROM service s WHERE s.status IN ('ACTIVE', 'DRAINING') AND s.cluster_id IN (:c)""")
                .param("c", List.copyOf(clusterIds))
                .query((rs, n) -> new Desired(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4))).list();
    }

    public List<Deployments> deploymentsByRolloutState(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT s.cluster_id, d.rollout_state, count(*) FROM service_deployment d
                JOIN service s ON s.id = d.service_id
                WHERE d.status IN ('PRIMARY', 'ACTIVE') AND s.status <> 'INACTIVE' AND s.cluster_id IN (:c)
                GROUP BY s.cluster_id, d.rollout_state""")
                .param("c", List.copyOf(clusterIds))
                .query((rs, n) -> new Deployments(rs.getLong(1), Deployment.RolloutState.valueOf(rs.getString(2)),
                        rs.getLong(3))).list();
    }
}
