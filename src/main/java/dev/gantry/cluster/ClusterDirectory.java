package dev.gantry.cluster;

import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Cluster names and ARNs by row id, for loops that only hold ids. A row's name never changes, so it is cached. */
@Component
public class ClusterDirectory {

    private final JdbcClient jdbc;
    private final Arns arns;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    ClusterDirectory(JdbcClient jdbc, GantryProperties properties) {
        this.jdbc = jdbc;
        this.arns = properties.arns();
    }

    public String name(long clusterId) {
        return names.computeIfAbsent(clusterId, id -> jdbc.sql("SELECT name FROM cluster WHERE id = :id")
                .param("id", id).query(String.class).single());
    }

    /** The name for logs and metric tags: never throws; the id as text if the row cannot be read. */
    public String nameOf(long clusterId) {
        try {
            return name(clusterId);
        } catch (RuntimeException e) {
            return String.valueOf(clusterId);
        }
    }

    public String arn(long clusterId) {
        return arns.cluster(name(clusterId));
    }
}
