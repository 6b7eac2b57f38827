package dev.gantry.service;

import dev.gantry.cluster.ClusterContents;
import dev.gantry.cluster.ClusterCounts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The services' part of a cluster's counts: ACTIVE and DRAINING services. */
@Component
class ServicesInClusters implements ClusterContents {

    private final JdbcClient jdbc;

    ServicesInClusters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds) {
        return jdbc.sql("""
                SELECT cluster_id,
                       count(*) FILTER (WHERE status = 'ACTIVE'),
                       count(*) FILTER (WHERE status = 'DRAINING')
                FROM service WHERE cluster_id IN (:ids) AND status IN ('ACTIVE','DRAINING') GROUP BY cluster_id""")
                .param("ids", List.copyOf(clusterIds))
                .query((rs, n) -> Map.entry(rs.getLong(1), new ClusterCounts(0, 0, 0, rs.getInt(2), rs.getInt(3))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public ClusterCounts holdings(long clusterId) {
        int live = jdbc.sql("SELECT count(*) FROM service WHERE cluster_id = :id AND status IN ('ACTIVE','DRAINING')")
                .param("id", clusterId).query(Integer.class).single();
        return new ClusterCounts(0, 0, 0, live, 0);
    }
}
