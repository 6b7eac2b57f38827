package dev.gantry.security;

/** The least a caller's role must allow for an action (function-level authorisation, OWASP API5). */
public enum Access {
    /** Reading: every role. */
    READ,
    /** Changing what is inside a cluster (instances, tasks, services) and task definitions: OPERATOR and ADMIN. */
    OPERATE,
    /** Creating and deleting clusters, access keys, reading the audit log: ADMIN only. */
    ADMINISTER;

    /** Whether a key of this role may perform an action needing this access. */
    public boolean allowedFor(Role role) {
        return switch (this) {
            case READ -> true;
            case OPERATE -> role == Role.ADMIN || role == Role.OPERATOR;
            case ADMINISTER -> role == Role.ADMIN;
        };
    }
}
