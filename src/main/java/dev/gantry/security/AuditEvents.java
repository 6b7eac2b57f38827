package dev.gantry.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_event} table: the one writer of audit rows, the query behind GET /v1/audit-events, retention. */
@Repository
class AuditEvents {

    /** A stored event as the API shows it. */
    record Stored(long id, Instant occurredAt, String accessKeyId, String sourceAddress, String protocol,
            String action, String cluster, String target, int status, String outcome, String requestId,
            int occurrences) {

        Position position() {
            return new Position(occurredAt, id);
        }
    }

    /** Where a page ends, newest first: (occurred_at, id); rows of one transaction share their time. */
    record Position(Instant occurredAt, long id) {

        /** Above every stored event (a replica's clock behind the database's must not hide the newest). */
        static final Position NEWEST = new Position(Instant.parse("9999-01-01T00:00:00Z"), Long.MAX_VALUE);

        static Position parse(String text) {
            int slash = text.indexOf('/');
            return new Position(Instant.parse(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return occurredAt + "/" + id;
        }
    }

    private final JdbcClient jdbc;

    AuditEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes one row standing for {@code occurrences} events. {@code occurredAt} null: the database's time now; set
     * only for a row written late (held back while the database was unavailable), then it is the replica's time.
     */
    void insert(AuditEntry e, int occurrences, Instant occurredAt) {
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, access_key_id, source_address, protocol, action, cluster, target,
                                         status, outcome, request_id, occurrences)
                VALUES (coalesce(:at, now()), :key, :source, :protocol, :action, :cluster, :target, :status, :outcome,
                        :requestId, :occurrences)""")
                .param("at", occurredAt == null ? null : occurredAt.atOffset(ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("key", e.accessKeyId()).param("source", e.sourceAddress()).param("protocol", e.protocol())
                .param("action", e.action()).param("cluster", e.cluster()).param("target", e.target())
                .param("status", e.status()).param("outcome", e.outcome().name()).param("requestId", e.requestId())
                .param("occurrences", occurrences)
                .update();
    }

    /** Rows matching {@code query} older than {@code before}, newest first, at most {@code limit}. */
    List<Stored> list(AuditQuery query, Position before, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, access_key_id, source_address, protocol, action, cluster, target, status, outcome,
                       request_id, occurrences
                FROM audit_event WHERE (occurred_at, id) < (:beforeAt, :beforeId)""");
        List<Object[]> params = new ArrayList<>();
        condition(sql, params, query.accessKeyId(), "access_key_id = :key", "key");
        condition(sql, params, query.cluster(), "cluster = :cluster", "cluster");
        condition(sql, params, query.action(), "action = :action", "action");
        condition(sql, params, query.outcome() == null ? null : query.outcome().name(), "outcome = :outcome", "outcome");
        condition(sql, params, query.from() == null ? null : Timestamp.from(query.from()), "occurred_at >= :from", "from");
        condition(sql, params, query.to() == null ? null : Timestamp.from(query.to()), "occurred_at < :to", "to");
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("beforeAt", Timestamp.from(before.occurredAt())).param("beforeId", before.id())
                .param("limit", limit);
        for (Object[] p : params) {
            statement = statement.param((String) p[0], p[1]);
        }
        return statement.query(AuditEvents::stored).list();
    }

    private static void condition(StringBuilder sql, List<Object[]> params, Object value, String clause, String name) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(new Object[] {name, value});
        }
    }

    /** Deletes at most {@code batch} rows older than {@code age} by the database's clock; returns how many went. */
    int pruneOlderThan(Duration age, int batch) {
        return jdbc.sql("""
                DELETE FROM audit_event WHERE id IN (
                  SELECT id FROM audit_event WHERE occurred_at < now() - make_interval(secs => :age)
                  ORDER BY occurred_at LIMIT :batch)""")
                .param("age", (double) age.toSeconds()).param("batch", batch).update();
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("access_key_id"),
                rs.getString("source_address"), rs.getString("protocol"), rs.getString("action"),
                rs.getString("cluster"), rs.getString("target"), rs.getInt("status"), rs.getString("outcome"),
                rs.getString("request_id"), rs.getInt("occurrences"));
    }
}
