package dev.gantry.instance;

import dev.gantry.cluster.ClusterContents;
import dev.gantry.cluster.ClusterCounts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The container instances' part of a cluster's counts: registered = ACTIVE or DRAINING. */
@Component
class InstancesInClusters implements ClusterContents {

    private final JdbcClient jdbc;

    InstancesInClusters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds) {
        return jdbc.sql("""
                SELECT cluster_id, count(*) FROM container_instance
                WHERE cluster_id IN (:ids) AND status IN ('ACTIVE','DRAINING') GROUP BY cluster_id""")
                .param("ids", List.copyOf(clusterIds))
                .query((rs, n) -> Map.entry(rs.getLong(1), new ClusterCounts(rs.getInt(2), 0, 0, 0, 0)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public ClusterCounts holdings(long clusterId) {
        int instances = jdbc.sql("SELECT count(*) FROM container_instance WHERE cluster_id = :id AND status <> 'INACTIVE'")
                .param("id", clusterId).query(Integer.class).single();
        return new ClusterCounts(instances, 0, 0, 0, 0);
    }
}
