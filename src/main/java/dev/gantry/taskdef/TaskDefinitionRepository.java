package dev.gantry.taskdef;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Task definition rows through JdbcClient: the revision counter needs an upsert with RETURNING, and
 * the document is jsonb. Callers hold the transaction.
 */
@Component
class TaskDefinitionRepository {

    private static final String COLUMNS = "id, family, revision, status, network_mode, cpu, memory, "
            + "document::text AS document, registered_at, deregistered_at, delete_requested_at";

    private final JdbcClient jdbc;

    TaskDefinitionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A raw row; the management layer turns the document into a TaskDefinition. */
    record Row(long id, String family, int revision, TaskDefinitionStatus status, NetworkMode networkMode,
            Integer cpu, Integer memory, String document, Instant registeredAt, Instant deregisteredAt,
            Instant deleteRequestedAt) {
    }

    /**
     * Claims the next revision of {@code family}: highest ever issued + 1. The upsert takes the family
     * row's lock, so concurrent registrations of one family serialize here until their transactions end.
     */
    int nextRevision(String family) {
        return jdbc.sql("""
                INSERT INTO task_definition_family (family, last_revision) VALUES (:family, 1)
                ON CONFLICT (family) DO UPDATE SET last_revision = task_definition_family.last_revision + 1
                RETURNING last_revision""")
                .param("family", family).query(Integer.class).single();
    }

    long insert(String family, int revision, NetworkMode mode, Integer cpu, Integer memory, String document,
            Instant registeredAt) {
        return jdbc.sql("""
                INSERT INTO task_definition (family, revision, status, network_mode, cpu, memory, document, registered_at)
                VALUES (:family, :revision, 'ACTIVE', :mode, :cpu, :memory, CAST(:document AS jsonb), :at)
                RETURNING id""")
                .param("family", family).param("revision", revision).param("mode", mode.wireName())
                .param("cpu", cpu, java.sql.Types.INTEGER).param("memory", memory, java.sql.Types.INTEGER)
                .param("document", document).param("at", utc(registeredAt))
                .query(Long.class).single();
    }

    Optional<Row> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task_definition WHERE id = :id")
                .param("id", id).query(TaskDefinitionRepository::row).optional();
    }

    Optional<Row> find(String family, int revision) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task_definition WHERE family = :family AND revision = :revision")
                .param("family", family).param("revision", revision).query(TaskDefinitionRepository::row).optional();
    }

    Optional<Row> findLatestActive(String family) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM task_definition WHERE family = :family AND status = 'ACTIVE'
                ORDER BY revision DESC LIMIT 1""")
                .param("family", family).query(TaskDefinitionRepository::row).optional();
    }

    /** The document's tags of revision {@code family:revision}, locked until the transaction ends. */
    Optional<String> lockTags(String family, int revision) {
        return jdbc.sql("SELECT COALESCE(document -> 'tags', '[]'::jsonb)::text FROM task_definition "
                        + "WHERE family = :family AND revision = :revision FOR UPDATE")
                .param("family", family).param("revision", revision).query(String.class).optional();
    }

    /**
     * Replaces the tags in the revision's document. Tags are no part of the definition a task runs (the typed
     * model has none), so the revision stays what it was registered as.
     */
    void setTags(String family, int revision, String tagsJson) {
        jdbc.sql("UPDATE task_definition SET document = jsonb_set(document, '{tags}', CAST(:tags AS jsonb)) "
                        + "WHERE family = :family AND revision = :revision")
                .param("tags", tagsJson).param("family", family).param("revision", revision).update();
    }

    /** Marks an ACTIVE revision INACTIVE; false when it was not ACTIVE (already deregistered or absent). */
    boolean deregister(String family, int revision, Instant now) {
        return jdbc.sql("""
                UPDATE task_definition SET status = 'INACTIVE', deregistered_at = :now, version = version + 1
                WHERE family = :family AND revision = :revision AND status = 'ACTIVE'""")
                .param("family", family).param("revision", revision).param("now", utc(now)).update() == 1;
    }

    /**
     * DeleteTaskDefinitions' first step: an INACTIVE revision becomes DELETE_IN_PROGRESS; false when it was not
     * INACTIVE (ACTIVE, already being deleted, or absent).
     */
    boolean requestDelete(String family, int revision, Instant now) {
        return jdbc.sql("""
                UPDATE task_definition SET status = 'DELETE_IN_PROGRESS', delete_requested_at = :now,
                    version = version + 1
                WHERE family = :family AND revision = :revision AND status = 'INACTIVE'""")
                .param("family", family).param("revision", revision).param("now", utc(now)).update() == 1;
    }

    /** Ids of revisions waiting to be purged, oldest request first. */
    List<Long> deleteInProgress(int limit) {
        return jdbc.sql("""
                SELECT id FROM task_definition WHERE status = 'DELETE_IN_PROGRESS'
                ORDER BY delete_requested_at, id LIMIT :limit""").param("limit", limit).query(Long.class).list();
    }

    /**
     * Removes a DELETE_IN_PROGRESS revision. The tables of tasks and services refer to revisions by foreign key, so
     * while any task or service row still names it the database refuses (DataIntegrityViolationException) and the
     * revision stays DELETE_IN_PROGRESS: taskdef needs no knowledge of those tables to honour ECS's rule.
     */
    boolean purge(long id) {
        return jdbc.sql("DELETE FROM task_definition WHERE id = :id AND status = 'DELETE_IN_PROGRESS'")
                .param("id", id).update() == 1;
    }

    /**
     * One page of revisions in (family, revision) order, after the keyset position {@code after}
     * (exclusive; null for the first page). {@code family} null means every family.
     */
    List<Row> list(TaskDefinitionStatus status, String family, boolean descending, Position after, int limit) {
        String order = descending ? "DESC" : "ASC";
        String sql = "SELECT " + COLUMNS + " FROM task_definition WHERE status = :status"
                + (family == null ? "" : " AND family = :family")
                + (after == null ? "" : " AND (family, revision) " + (descending ? "<" : ">") + " (:afterFamily, :afterRevision)")
                + " ORDER BY family " + order + ", revision " + order + " LIMIT :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("status", status.name()).param("limit", limit);
        if (family != null) {
            spec = spec.param("family", family);
        }
        if (after != null) {
            spec = spec.param("afterFamily", after.family()).param("afterRevision", after.revision());
        }
        return spec.query(TaskDefinitionRepository::row).list();
    }

    record Position(String family, int revision) {
    }

    /** Which families ListTaskDefinitionFamilies shows, as ECS defines its status filter. */
    enum FamilyFilter { ACTIVE, INACTIVE, ALL }

    /** Family names starting with {@code prefix} (null = any), after {@code after} (exclusive). */
    List<String> families(FamilyFilter filter, String prefix, String after, int limit) {
        String active = "EXISTS (SELECT 1 FROM task_definition t WHERE t.family = f.family AND t.status = 'ACTIVE')";
        String sql = "SELECT f.family FROM task_definition_family f WHERE f.family > :after"
                + (prefix == null ? "" : " AND left(f.family, :prefixLength) = :prefix")
                + switch (filter) {
                    case ACTIVE -> " AND " + active;
                    case INACTIVE -> " AND NOT " + active;
                    case ALL -> "";
                }
                + " ORDER BY f.family LIMIT :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("after", after == null ? "" : after).param("limit", limit);
        if (prefix != null) {
            spec = spec.param("prefix", prefix).param("prefixLength", prefix.length());
        }
        return spec.query(String.class).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime deregistered = rs.getObject("deregistered_at", OffsetDateTime.class);
        OffsetDateTime deleteRequested = rs.getObject("delete_requested_at", OffsetDateTime.class);
        return new Row(rs.getLong("id"), rs.getString("family"), rs.getInt("revision"),
                TaskDefinitionStatus.valueOf(rs.getString("status")), NetworkMode.fromWireName(rs.getString("network_mode")),
                rs.getObject("cpu", Integer.class), rs.getObject("memory", Integer.class), rs.getString("document"),
                rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                deregistered == null ? null : deregistered.toInstant(),
                deleteRequested == null ? null : deleteRequested.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Ids of every revision of {@code family}, in any status. */
    List<Long> idsOfFamily(String family) {
        return jdbc.sql("SELECT id FROM task_definition WHERE family = :f").param("f", family).query(Long.class).list();
    }

    /** The family of each revision among {@code ids} (absent: no such revision). */
    Map<Long, String> familiesOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> families = new HashMap<>();
        jdbc.sql("SELECT id, family FROM task_definition WHERE id IN (:ids)").param("ids", List.copyOf(ids))
                .query((rs, n) -> families.put(rs.getLong(1), rs.getString(2))).list();
        return families;
    }
}
