package dev.gantry.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.postgres.DatabaseUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;

/**
 * The audit log: every event goes to PostgreSQL ({@code audit_event}) and to the log as one structured line (logger
 * {@code gantry.audit}, SLF4J key-values, which Boot's structured console formats carry as fields).
 *
 * <p>{@link #record} never throws and never changes what the caller was answered: it is called once the answer is
 * decided. When the database is unavailable the request has failed anyway (every API call needs the database); its
 * row is held in memory (at most {@link AuditSettings#pendingLimit()}) and written by the next flush once the
 * database answers, with the replica's time of the event; beyond that limit the structured log line is the only
 * record. Failed authentications, throttled and denied calls are capped per source (or key) and window
 * ({@link AuditCap}); the rest of a window becomes one row with its count, so a flood of bad logins costs one write per
 * source per window. The cap's windows live in a bounded map; subjects pushed out of it are added to one overflow
 * row.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("gantry.audit");
    private static final Logger ops = LoggerFactory.getLogger(AuditLog.class);
    /** Subjects whose cap windows are kept; a flood from more sources than this lands in the overflow row. */
    private static final int CAP_SUBJECTS = 10_000;

    private record Pending(AuditEntry entry, int occurrences, Instant at) {
    }

    private final AuditEvents events;
    private final AuditSettings settings;
    private final Clock clock;
    private final Cache<String, AuditCap> caps;
    private final BlockingQueue<Pending> pending;
    private final AtomicLong overflow = new AtomicLong();
    private volatile AuditEntry overflowSample;
    private final AtomicBoolean droppedSinceFlush = new AtomicBoolean();

    AuditLog(AuditEvents events, AuditSettings settings, Clock clock) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.pending = new ArrayBlockingQueue<>(Math.max(1, settings.pendingLimit()));
        this.caps = Caffeine.newBuilder().maximumSize(CAP_SUBJECTS)
                .<String, AuditCap>evictionListener((subject, window, cause) -> {
                    if (window != null && window.hasSummary()) {
                        overflow.addAndGet(window.suppressed());
                        overflowSample = window.last();
                    }
                })
                .build();
    }

    /** Records one event (REST v1's filter, the ECS endpoint). Never throws. */
    public void record(AuditEntry entry) {
        try {
            AuditEntry clean = Sanitized.entry(entry);
            if (clean.outcome().capped()) {
                recordCapped(clean);
            } else {
                write(clean, 1, null);
            }
        } catch (RuntimeException e) {
            ops.error("Could not record an audit event for action {}", entry.action(), e);
        }
    }

    private void recordCapped(AuditEntry entry) {
        String subject = entry.outcome() + "|" + (entry.outcome() == AuditOutcome.FAILED_AUTHENTICATION
                || entry.accessKeyId() == null ? "source:" + entry.sourceAddress() : "key:" + entry.accessKeyId());
        long now = clock.millis();
        AuditCap.Step[] step = new AuditCap.Step[1];
        caps.asMap().compute(subject, (k, current) -> {
            step[0] = AuditCap.admit(current, now, entry, settings.capPerWindow(), settings.capWindow().toMillis());
            return step[0].window();
        });
        if (step[0].ended() != null) {
            writeSummary(step[0].ended());
        }
        if (step[0].write()) {
            write(entry, 1, null);
        }
    }

    private void writeSummary(AuditCap ended) {
        write(ended.last(), (int) Math.min(Integer.MAX_VALUE, ended.suppressed()), null);
    }

    private void write(AuditEntry e, int occurrences, Instant at) {
        logLine(e, occurrences);
        try {
            events.insert(e, occurrences, at);
        } catch (RuntimeException failure) {
            if (DatabaseUnavailable.is(failure)) {
                hold(new Pending(e, occurrences, at == null ? clock.instant() : at));
            } else {
                ops.error("Could not write an audit row for action {}; the log line above is its only record",
                        e.action(), failure);
            }
        }
    }

    private void hold(Pending row) {
        if (!pending.offer(row) && droppedSinceFlush.compareAndSet(false, true)) {
            ops.warn("Audit rows held for the database exceed {}; further ones are only in the log (gantry.audit)",
                    settings.pendingLimit());
        }
    }

    private static void logLine(AuditEntry e, int occurrences) {
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("audit.action", e.action())
                .addKeyValue("audit.outcome", e.outcome().name())
                .addKeyValue("audit.status", e.status())
                .addKeyValue("audit.accessKeyId", e.accessKeyId())
                .addKeyValue("audit.sourceAddress", e.sourceAddress())
                .addKeyValue("audit.protocol", e.protocol())
                .addKeyValue("audit.cluster", e.cluster())
                .addKeyValue("audit.target", e.target())
                .addKeyValue("audit.requestId", e.requestId())
                .addKeyValue("audit.occurrences", occurrences);
        line.log("audit {} {} {} key={} source={} cluster={} target={}{}", e.action(), e.status(), e.outcome(),
                e.accessKeyId(), e.sourceAddress(), e.cluster(), e.target(),
                occurrences > 1 ? " (" + occurrences + " events)" : "");
    }

    /**
     * Writes what waits: the summaries of cap windows that have ended, the overflow row, and rows held back while the
     * database was unavailable (stopping at the first that still fails). Run by {@link SecurityJobs}.
     */
    void flush() {
        long now = clock.millis();
        long windowMillis = settings.capWindow().toMillis();
        List<AuditCap> ended = new ArrayList<>();
        for (String subject : List.copyOf(caps.asMap().keySet())) {
            caps.asMap().computeIfPresent(subject, (k, window) -> {
                if (!window.endedBy(now, windowMillis)) {
                    return window;
                }
                if (window.hasSummary()) {
                    ended.add(window);
                }
                return null;
            });
        }
        BackgroundWork.run(BackgroundWork.Workload.HOSTS, () -> {
            ended.forEach(this::writeSummary);
            long spilled = overflow.getAndSet(0);
            if (spilled > 0 && overflowSample != null) {
                AuditEntry sample = overflowSample;
                write(new AuditEntry(null, null, sample.protocol(), sample.action(), null, null, sample.status(),
                        sample.outcome(), null), (int) Math.min(Integer.MAX_VALUE, spilled), null);
            }
            droppedSinceFlush.set(false);
            for (Pending row = pending.peek(); row != null; row = pending.peek()) {
                try {
                    events.insert(row.entry(), row.occurrences(), row.at());
                    pending.poll();
                } catch (RuntimeException stillDown) {
                    if (!DatabaseUnavailable.is(stillDown)) {
                        pending.poll();
                        ops.error("Dropped a held audit row for action {}", row.entry().action(), stillDown);
                        continue;
                    }
                    break;
                }
            }
        });
    }

    /** Rows held in memory for the database (for tests and the design note's claim). */
    int pendingRows() {
        return pending.size();
    }
}
