package dev.gantry.security;

/** What became of an audited request: the word the audit log stores next to the HTTP status. */
public enum AuditOutcome {
    /** Authenticated, authorised and done (2xx, 3xx). */
    ALLOWED,
    /** Authenticated and authorised, but refused as invalid, conflicting or not found (4xx other than below). */
    REJECTED,
    /** Authenticated, but the key's role or cluster limit does not allow it (403). */
    DENIED,
    /** No credentials, or credentials that do not authenticate (401). */
    FAILED_AUTHENTICATION,
    /** Over a rate limit (429). */
    THROTTLED,
    /** The server failed (5xx), the database being down among the causes. */
    ERROR;

    /** The outcome an HTTP status stands for. */
    public static AuditOutcome ofStatus(int status) {
        if (status == 401) {
            return FAILED_AUTHENTICATION;
        }
        if (status == 403) {
            return DENIED;
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (status >= 500) {
            return ERROR;
        }
        if (status >= 400) {
            return REJECTED;
        }
        return ALLOWED;
    }

    /**
     * Whether events of this outcome can come in floods nobody authenticated pays for (bad logins, throttled or
     * denied calls): those are capped per source or key before they are written.
     */
    boolean capped() {
        return this == FAILED_AUTHENTICATION || this == THROTTLED || this == DENIED;
    }
}
