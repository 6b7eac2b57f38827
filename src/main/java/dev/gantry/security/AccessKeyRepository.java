package dev.gantry.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code access_key}; the secret column is only ever the sealed value. */
@Repository
class AccessKeyRepository {

    private static final String COLUMNS = "access_key_id, role, clusters, description, created_at, expires_at, "
            + "revoked_at, created_by, last_used_at";

    /** A key with its sealed secret, for authentication only. */
    record Sealed(AccessKey key, String sealedSecret) {
        @Override
        public String toString() {
            return "Sealed[" + key + "]";
        }
    }

    private final JdbcClient jdbc;

    AccessKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AccessKey key, String sealedSecret) {
        jdbc.sql("INSERT INTO access_key (access_key_id, sealed_secret, role, clusters, description, created_at, "
                        + "expires_at, created_by) VALUES (:id, :sealed, :role, :clusters, :description, :createdAt, "
                        + ":expiresAt, :createdBy)")
                .param("id", key.accessKeyId()).param("sealed", sealedSecret).param("role", key.role().name())
                .param("clusters", key.clusters() == null ? null : key.clusters().toArray(String[]::new))
                .param("description", key.description()).param("createdAt", utc(key.createdAt()))
                .param("expiresAt", utc(key.expiresAt())).param("createdBy", key.createdBy())
                .update();
    }

    Optional<AccessKey> find(String accessKeyId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_key WHERE access_key_id = :id")
                .param("id", accessKeyId).query(AccessKeyRepository::row).optional();
    }

    Optional<Sealed> findSealed(String accessKeyId) {
        return jdbc.sql("SELECT " + COLUMNS + ", sealed_secret FROM access_key WHERE access_key_id = :id")
                .param("id", accessKeyId)
                .query((rs, n) -> new Sealed(row(rs, n), rs.getString("sealed_secret"))).optional();
    }

    /** Keys by access key id after {@code afterId} (exclusive), at most {@code limit}. */
    List<AccessKey> list(String afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_key WHERE access_key_id > :after "
                        + "ORDER BY access_key_id LIMIT :limit")
                .param("after", afterId).param("limit", limit).query(AccessKeyRepository::row).list();
    }

    /** Sets revoked_at once; a key already revoked keeps its first revocation time. */
    Optional<AccessKey> revoke(String accessKeyId, Instant now) {
        jdbc.sql("UPDATE access_key SET revoked_at = :now WHERE access_key_id = :id AND revoked_at IS NULL")
                .param("now", utc(now)).param("id", accessKeyId).update();
        return find(accessKeyId);
    }

    /**
     * Records a use, at most once a minute per key: a write per request would make every read a database write.
     * The condition is checked by the database on the indexed row, so skipping costs one index lookup.
     */
    void touch(String accessKeyId, Instant now) {
        jdbc.sql("UPDATE access_key SET last_used_at = :now WHERE access_key_id = :id "
                        + "AND (last_used_at IS NULL OR last_used_at < :now - interval '1 minute')")
                .param("now", utc(now)).param("id", accessKeyId).update();
    }

    boolean anyExists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM access_key)").query(Boolean.class).single();
    }

    /** Serialises the bootstrap decision of replicas starting at once; held until the transaction ends. */
    void lockBootstrap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('gantry.access_key.bootstrap', 0))")
                .query((rs, n) -> 1).single();
    }

    private static AccessKey row(ResultSet rs, int n) throws SQLException {
        Array clusters = rs.getArray("clusters");
        return new AccessKey(rs.getString("access_key_id"), Role.valueOf(rs.getString("role")),
                clusters == null ? null : List.copyOf(Arrays.asList((String[]) clusters.getArray())),
                rs.getString("description"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("revoked_at")),
                rs.getString("created_by"), instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
