package dev.gantry.task;

import dev.gantry.cluster.ClusterContents;
import dev.gantry.cluster.ClusterCounts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The tasks' part of a cluster's counts: running = lastStatus RUNNING, pending = PROVISIONING or PENDING. */
@Component
class TasksInClusters implements ClusterContents {

    private final JdbcClient jdbc;

    TasksInClusters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds) {
        return jdbc.sql("""
                SELECT cluster_id,
                       count(*) FILTER (WHERE last_status = 'RUNNING'),
                       count(*) FILTER (WHERE last_status IN ('PROVISIONING','PENDING'))
                FROM task WHERE cluster_id IN (:ids) AND last_status <> 'STOPPED' GROUP BY cluster_id""")
                .param("ids", List.copyOf(clusterIds))
                .query((rs, n) -> Map.entry(rs.getLong(1), new ClusterCounts(0, rs.getInt(2), rs.getInt(3), 0, 0)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public ClusterCounts holdings(long clusterId) {
        int live = jdbc.sql("SELECT count(*) FROM task WHERE cluster_id = :id AND last_status <> 'STOPPED'")
                .param("id", clusterId).query(Integer.class).single();
        return new ClusterCounts(0, live, 0, 0, 0);
    }
}
