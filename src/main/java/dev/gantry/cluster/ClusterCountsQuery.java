package dev.gantry.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the live counts of clusters in one statement. ECS counts: instances ACTIVE or DRAINING,
 * tasks by lastStatus RUNNING / PENDING (PROVISIONING counts as pending), services ACTIVE.
 */
@Component
class ClusterCountsQuery {

    private final JdbcClient jdbc;

    ClusterCountsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                SELECT c.id,
                  (SELECT count(*) FROM container_instance i WHERE i.cluster_id = c.id AND i.status IN ('ACTIVE','DRAINING')) AS instances,
                  (SELECT count(*) FROM task t WHERE t.cluster_id = c.id AND t.last_status = 'RUNNING') AS running,
                  (SELECT count(*) FROM task t WHERE t.cluster_id = c.id AND t.last_status IN ('PROVISIONING','PENDING')) AS pending,
                  (SELECT count(*) FROM service s WHERE s.cluster_id = c.id AND s.status = 'ACTIVE') AS active_services,
                  (SELECT count(*) FROM service s WHERE s.cluster_id = c.id AND s.status = 'DRAINING') AS draining_services
                FROM cluster c WHERE c.id IN (:ids)
                """)
                .param("ids", List.copyOf(clusterIds))
                .query((rs, n) -> Map.entry(rs.getLong("id"), new ClusterCounts(rs.getInt("instances"),
                        rs.getInt("running"), rs.getInt("pending"), rs.getInt("active_services"),
                        rs.getInt("draining_services"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Anything still holding the cluster: the first count that blocks deletion, per ECS's exception order. */
    ClusterCounts holdings(long clusterId) {
        return jdbc.sql("""
                SELECT
                  (SELECT count(*) FROM container_instance i WHERE i.cluster_id = :id AND i.status <> 'INACTIVE') AS instances,
                  (SELECT count(*) FROM task t WHERE t.cluster_id = :id AND t.last_status <> 'STOPPED') AS tasks,
                  (SELECT count(*) FROM service s WHERE s.cluster_id = :id AND s.status IN ('ACTIVE','DRAINING')) AS services
                """)
                .param("id", clusterId)
                .query((rs, n) -> new ClusterCounts(rs.getInt("instances"), rs.getInt("tasks"), 0,
                        rs.getInt("services"), 0))
                .single();
    }
}
