package dev.gantry.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cluster names and ARNs by row id, for loops that only hold ids. A row's name never changes, so it is cached,
 * at most {@code gantry.caches.names} of them.
 */
@Component
public class ClusterDirectory {

    private final JdbcClient jdbc;
    private final Arns arns;
    private final Cache<Long, String> names;

    ClusterDirectory(JdbcClient jdbc, GantryProperties properties,
            @Value("${gantry.caches.names:100000}") long maximumSize) {
        this.jdbc = jdbc;
        this.arns = properties.arns();
        this.names = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    public String name(long clusterId) {
        return names.get(clusterId, id -> jdbc.sql("SELECT name FROM cluster WHERE id = :id")
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
