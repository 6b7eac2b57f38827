package dev.gantry.security;

import dev.gantry.postgres.BackgroundWork;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The security module's periodic work, each on its own thread rather than Spring's one scheduler thread (a pass that
 * waits for an unavailable database must not hold up the heartbeats and lease renewals behind it): sharing
 * rate-limit use every sync interval; writing audit summaries and held rows; audit retention. A failed pass is
 * logged and the next one tries again.
 */
@Component
class SecurityJobs {

    private static final Logger log = LoggerFactory.getLogger(SecurityJobs.class);

    private final RateLimitSync sync;
    private final RateLimitSettings rateLimits;
    private final AuditLog audit;
    private final AuditRetention retention;
    private final AuditSettings settings;
    private final ScheduledExecutorService syncThread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("gantry-rate-limit-sync").factory());
    private final ScheduledExecutorService auditThread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("gantry-audit").factory());
    private volatile long lastSyncFailureLog;

    SecurityJobs(RateLimitSync sync, RateLimitSettings rateLimits, AuditLog audit, AuditRetention retention,
            AuditSettings settings) {
        this.sync = sync;
        this.rateLimits = rateLimits;
        this.audit = audit;
        this.retention = retention;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (rateLimits.enabled()) {
            every(syncThread, rateLimits.syncInterval(), rateLimits.syncInterval(), this::syncPass);
        }
        every(auditThread, settings.flushInterval(), settings.flushInterval(), () -> guarded("audit flush", audit::flush));
        every(auditThread, settings.retentionInterval(), settings.retentionInterval(),
                () -> guarded("audit retention", retention::pruneOnce));
    }

    private void syncPass() {
        try {
            BackgroundWork.run(BackgroundWork.Workload.HOSTS, sync::syncOnce);
        } catch (RuntimeException e) {
            // one line a minute at most: the database being down is logged loudly elsewhere
            long now = System.nanoTime();
            if (now - lastSyncFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                lastSyncFailureLog = now;
                log.warn("Sharing rate-limit use with the other replicas failed; limits are per replica until it "
                        + "works again: {}", e.toString());
            }
        }
    }

    private static void guarded(String what, Runnable pass) {
        try {
            BackgroundWork.run(BackgroundWork.Workload.HOSTS, pass);
        } catch (RuntimeException e) {
            log.warn("{} pass failed: {}", what, e.toString());
        }
    }

    private static void every(ScheduledExecutorService thread, Duration initial, Duration interval, Runnable pass) {
        thread.scheduleWithFixedDelay(pass, initial.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        syncThread.shutdownNow();
        auditThread.shutdownNow();
    }
}
