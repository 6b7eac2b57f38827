package dev.gantry.security;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.gantry.shared.Randomness;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Shares rate-limit use between replicas through {@code rate_limit_usage}: each pass appends what this replica took
 * since the last pass and subtracts from its own buckets what the others appended. Rows are read from a few seconds
 * before the previous read (a row becomes visible when its insert commits, which the statement timeout bounds) and
 * each is counted once (ids remembered for that overlap). A replica's first pass reads nothing older than itself.
 * When the database is unavailable each replica goes on with its own buckets alone (the tolerance then grows to the
 * outage's traffic per replica); nothing is lost of its own use, which the next pass appends.
 */
@Component
class RateLimitSync {

    /** How far before the previous read rows are read again: longer than an insert can take to commit. */
    static final long OVERLAP_SECONDS = 10;
    /** Rows older than this are deleted: every replica has read them many times over. */
    static final long KEEP_SECONDS = 60;

    private final JdbcClient jdbc;
    private final RateLimits limits;
    private final String replica;
    /** Ids of rows already counted, with their time, for the overlap. */
    private final Map<Long, Instant> counted = new HashMap<>();
    private Instant lastRead;

    RateLimitSync(JdbcClient jdbc, RateLimits limits, Randomness randomness) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.replica = randomness.newUuid().toString();
    }

    String replica() {
        return replica;
    }

    /** One pass: append, read, forget old rows. Synchronized: the job and a test may both call it. */
    synchronized void syncOnce() {
        if (!limits.enabled()) {
            return;
        }
        append();
        read();
        jdbc.sql("DELETE FROM rate_limit_usage WHERE recorded_at < now() - make_interval(secs => :keep)")
                .param("keep", (double) KEEP_SECONDS).update();
    }

    private void append() {
        Map<String, long[]> taken = limits.unshared();
        if (taken.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(taken.keySet());
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(:replica, :bucket").append(i).append(", :consumed").append(i).append(')');
        }
        JdbcClient.StatementSpec insert = jdbc.sql("INSERT INTO rate_limit_usage (replica, bucket, consumed) VALUES "
                + values).param("replica", replica);
        for (int i = 0; i < keys.size(); i++) {
            long[] range = taken.get(keys.get(i));
            insert = insert.param("bucket" + i, Sanitized.text(keys.get(i), 160))
                    .param("consumed" + i, (int) Math.min(Integer.MAX_VALUE, range[1] - range[0]));
        }
        insert.update();
        limits.shared(taken);
    }

    private record Row(Long id, String bucket, Integer consumed, Instant recordedAt, Instant readAt) {
    }

    private void read() {
        List<Row> rows = jdbc.sql("""
                WITH t AS (SELECT now() AS read_at)
                SELECT u.id, u.bucket, u.consumed, u.recorded_at, t.read_at
                FROM t LEFT JOIN rate_limit_usage u
                  ON u.replica <> :replica
                 AND u.recorded_at >= coalesce(:since, t.read_at - make_interval(secs => :overlap))""")
                // a replica's first read takes in the others' use of the last overlap too: started while they were
                // busy, it must not hand out a fresh burst of what they have just spent
                .param("overlap", (double) OVERLAP_SECONDS)
                .param("replica", replica)
                .param("since", lastRead == null ? null : lastRead.minusSeconds(OVERLAP_SECONDS).atOffset(ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .query((rs, n) -> new Row(rs.getObject(1) == null ? null : rs.getLong(1), rs.getString(2),
                        rs.getObject(3) == null ? null : rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
                .list();
        Instant readAt = rows.getFirst().readAt();
        for (Row row : rows) {
            if (row.id() != null && counted.putIfAbsent(row.id(), row.recordedAt()) == null) {
                limits.othersTook(row.bucket(), row.consumed());
            }
        }
        Instant forgetBefore = readAt.minusSeconds(2 * OVERLAP_SECONDS);
        counted.values().removeIf(at -> at.isBefore(forgetBefore));
        lastRead = readAt;
    }
}
