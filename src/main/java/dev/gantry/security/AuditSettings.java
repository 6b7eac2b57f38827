package dev.gantry.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gantry.security.audit.*}: how long the audit log is kept and how floods are capped.
 *
 * @param retention         rows older than this (by the database's clock) are deleted
 * @param retentionInterval how often the retention job runs
 * @param batch             rows deleted per statement; a pass repeats until fewer go
 * @param capPerWindow      failed authentications (per source address), throttled and denied calls (per access key,
 *                          else per source) written one by one per window; the rest become one summary row
 * @param capWindow         the window of that cap
 * @param flushInterval     how often ended windows' summaries and rows held back by a database outage are written
 * @param pendingLimit      rows held in memory while the database is unavailable; beyond this they are only logged
 */
@ConfigurationProperties("gantry.security.audit")
public record AuditSettings(
        @DefaultValue("90d") Duration retention,
        @DefaultValue("5m") Duration retentionInterval,
        @DefaultValue("1000") int batch,
        @DefaultValue("10") int capPerWindow,
        @DefaultValue("1m") Duration capWindow,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("10000") int pendingLimit) {
}
