package dev.gantry.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One audit event as GET /v1/audit-events shows it.
 *
 * @param occurrences how many events this row stands for: 1, or more for a summary of failed authentications,
 *                    throttled or denied calls beyond the per-source cap of one window
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEventView(String id, Instant time, String accessKeyId, String sourceAddress, String protocol,
        String action, String cluster, String target, int status, String outcome, String requestId, int occurrences) {

    static AuditEventView of(AuditEvents.Stored s) {
        return new AuditEventView(Long.toString(s.id()), s.occurredAt(), s.accessKeyId(), s.sourceAddress(),
                s.protocol(), s.action(), s.cluster(), s.target(), s.status(), s.outcome(), s.requestId(),
                s.occurrences());
    }
}
