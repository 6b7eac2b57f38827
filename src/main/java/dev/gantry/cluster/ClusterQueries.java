package dev.gantry.cluster;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cluster table's queries for callers that must choose the connection pool they run on: the lease renewal
 * runs on its own small pool so that a busy workload pool never delays it, and the state gauges read on theirs.
 * The SQL stays with the table's owner; the caller brings the pool.
 */
public final class ClusterQueries {

    private ClusterQueries() {
    }

    /** An ACTIVE cluster's id and name. */
    public record Named(long id, String name) {
    }

    /** The ACTIVE clusters by name. */
    public static List<Named> activeClusters(JdbcClient on) {
        return on.sql("SELECT id, name FROM cluster WHERE status = 'ACTIVE' ORDER BY name")
                .query((rs, n) -> new Named(rs.getLong(1), rs.getString(2))).list();
    }

    /** Ids of the ACTIVE clusters. */
    public static List<Long> activeClusterIds(JdbcClient on) {
        return on.sql("SELECT id FROM cluster WHERE status = 'ACTIVE' ORDER BY id").query(Long.class).list();
    }
}
