package dev.gantry.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes audit rows older than {@code gantry.security.audit.retention} (default 90 days, by the database's clock),
 * in batches as the other retention jobs do (reconcile's RetentionJobs): a pass stops after a number of batches, so a
 * backlog drains over a few passes without one long pass. Every replica runs it; the deletes are idempotent.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    static final int MAX_BATCHES = 20;

    private final AuditEvents events;
    private final AuditSettings settings;

    AuditRetention(AuditEvents events, AuditSettings settings) {
        this.events = events;
        this.settings = settings;
    }

    /** One pass; returns the rows deleted. */
    int pruneOnce() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = events.pruneOlderThan(settings.retention(), settings.batch());
            total += deleted;
            if (deleted < settings.batch()) {
                break;
            }
        }
        if (total > 0) {
            log.info("Removed {} audit events older than {}", total, settings.retention());
        }
        return total;
    }
}
