package dev.gantry.cluster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Cluster rows. At most one ACTIVE row per name (a partial unique index); deleted names keep their INACTIVE rows,
 * so the newest row of a name is what DescribeClusters shows once it is gone.
 */
@Repository
class ClusterRepository {

    private static final String COLUMNS = "id, name, status, settings::text AS settings, tags::text AS tags, version";

    private final JdbcClient jdbc;

    ClusterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new ACTIVE cluster; a name already ACTIVE fails with the unique index's DataIntegrityViolationException. */
    Cluster insert(String name, String settingsJson, String tagsJson, Instant now) {
        return jdbc.sql("INSERT INTO cluster (name, status, settings, tags, created_at) "
                        + "VALUES (:name, 'ACTIVE', CAST(:settings AS jsonb), CAST(:tags AS jsonb), :now) RETURNING " + COLUMNS)
                .param("name", name).param("settings", settingsJson).param("tags", tagsJson)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(ClusterRepository::row).single();
    }

    Optional<Cluster> findActive(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cluster WHERE name = :name AND status = 'ACTIVE'")
                .param("name", name).query(ClusterRepository::row).optional();
    }

    /** The newest row of that name, whatever its status. */
    Optional<Cluster> findNewest(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cluster WHERE name = :name ORDER BY id DESC LIMIT 1")
                .param("name", name).query(ClusterRepository::row).optional();
    }

    /**
     * ACTIVE clusters by name after {@code afterName} (exclusive), at most {@code limit}; with {@code onlyNames}, only
     * those. The narrowing is in the query, not after it, so a page holds {@code limit} clusters the caller may see
     * and the next token never points past clusters it may not.
     */
    List<Cluster> listActive(String afterName, int limit, Optional<Set<String>> onlyNames) {
        String only = onlyNames.isPresent() ? "AND name IN (:names) " : "";
        var query = jdbc.sql("SELECT " + COLUMNS + " FROM cluster WHERE status = 'ACTIVE' AND name > :after " + only
                        + "ORDER BY name LIMIT :limit")
                .param("after", afterName).param("limit", limit);
        if (onlyNames.isPresent()) {
            if (onlyNames.get().isEmpty()) {
                return List.of();
            }
            query = query.param("names", List.copyOf(onlyNames.get()));
        }
        return query.query(ClusterRepository::row).list();
    }

    /** Marks the row INACTIVE if it still is the version read; empty when someone else changed it meanwhile. */
    Optional<Cluster> markDeleted(Cluster cluster, Instant now) {
        return jdbc.sql("UPDATE cluster SET status = 'INACTIVE', deleted_at = :now, version = version + 1 "
                        + "WHERE id = :id AND version = :version AND status = 'ACTIVE' RETURNING " + COLUMNS)
                .param("now", now.atOffset(ZoneOffset.UTC)).param("id", cluster.id()).param("version", cluster.version())
                .query(ClusterRepository::row).optional();
    }

    /** Replaces the cluster's tags (an ACTIVE cluster only); empty when it is not ACTIVE any more. */
    Optional<Cluster> updateTags(long id, String tagsJson) {
        return jdbc.sql("UPDATE cluster SET tags = CAST(:tags AS jsonb), version = version + 1 "
                        + "WHERE id = :id AND status = 'ACTIVE' RETURNING " + COLUMNS)
                .param("tags", tagsJson).param("id", id).query(ClusterRepository::row).optional();
    }

    /** Replaces the cluster's settings (an ACTIVE cluster only); empty when it is not ACTIVE any more. */
    Optional<Cluster> updateSettings(long id, String settingsJson) {
        return jdbc.sql("UPDATE cluster SET settings = CAST(:settings AS jsonb), version = version + 1 "
                        + "WHERE id = :id AND status = 'ACTIVE' RETURNING " + COLUMNS)
                .param("settings", settingsJson).param("id", id).query(ClusterRepository::row).optional();
    }

    /** The ACTIVE row of that name, locked until the transaction ends (a read-modify-write of its tags). */
    Optional<Cluster> lockActive(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cluster WHERE name = :name AND status = 'ACTIVE' FOR UPDATE")
                .param("name", name).query(ClusterRepository::row).optional();
    }

    private static Cluster row(ResultSet rs, int n) throws SQLException {
        return new Cluster(rs.getLong("id"), rs.getString("name"), Cluster.Status.valueOf(rs.getString("status")),
                rs.getString("settings"), rs.getString("tags"), rs.getLong("version"));
    }
}
