package dev.gantry.security;

import java.util.Objects;

/**
 * One event for the audit log. Holds no secret by construction: no credentials, no header, no body; the access key
 * id is the only part of the credentials it names.
 *
 * @param accessKeyId   the caller's access key id, null when unknown (no credentials, or an id not of the access key
 *                      format, which might be a secret pasted into the wrong field)
 * @param sourceAddress the client address the request came from
 * @param protocol      how the caller authenticated or tried to: {@code basic}, {@code sigv4}, {@code jwt}; null when
 *                      no credentials were sent
 * @param action        the action name (RestActions' for REST v1, ECS's for the ECS endpoint)
 * @param cluster       the cluster the request addressed (its name), null when none
 * @param target        the resource below the cluster, null when none
 * @param status        the HTTP status the caller was answered with
 * @param outcome       what became of it
 * @param requestId     the request's id when the client or a proxy sent one, else null
 */
public record AuditEntry(String accessKeyId, String sourceAddress, String protocol, String action, String cluster,
        String target, int status, AuditOutcome outcome, String requestId) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An event whose outcome is the one its status stands for. */
    public static AuditEntry of(String accessKeyId, String sourceAddress, String protocol, String action,
            String cluster, String target, int status, String requestId) {
        return new AuditEntry(accessKeyId, sourceAddress, protocol, action, cluster, target, status,
                AuditOutcome.ofStatus(status), requestId);
    }
}
