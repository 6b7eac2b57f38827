package dev.gantry.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cluster id → name, cached: a cluster row never changes its name, so logs and metric tags can
 * name the cluster without a query per line.
 */
@Component
public class ClusterNames {

    private final JdbcClient jdbc;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    ClusterNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cluster's name, or the id as text if the row cannot be read (never throws). */
    public String nameOf(long clusterId) {
        String known = names.get(clusterId);
        if (known != null) {
            return known;
        }
        try {
            return jdbc.sql("SELECT name FROM cluster WHERE id = :id").param("id", clusterId).query(String.class)
                    .optional().map(n -> {
                        names.put(clusterId, n);
                        return n;
                    }).orElse(String.valueOf(clusterId));
        } catch (RuntimeException e) {
            return String.valueOf(clusterId);
        }
    }
}
