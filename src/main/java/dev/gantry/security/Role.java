package dev.gantry.security;

/**
 * What an access key may do. ADMIN: everything. OPERATOR: change what is inside clusters (instances, tasks,
 * services) and register task definitions, but not create or delete clusters, keys or read the audit log.
 * READ_ONLY: read.
 */
public enum Role {
    ADMIN, OPERATOR, READ_ONLY
}
