-- Issue 12, item 5 (docs/design/security.md): the audit log, owned by the security module.

-- One row per recorded event: every mutating call whatever its outcome, every failed authentication, every throttled
-- and every denied call. A row with occurrences > 1 stands for that many events of one outcome from one source (or key)
-- in one window, written instead of them when they came faster than the per-source cap (a flood of bad logins must
-- not become a flood of writes). Secrets, Authorization headers and bodies are never stored.
CREATE TABLE audit_event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the database's time, as every stored time (a row retried after an outage carries the replica's time of the event)
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    -- null when the caller is unknown (no credentials, or a key id not of the access key format)
    access_key_id  varchar(20),
    source_address varchar(64),
    -- basic | sigv4 | jwt, null when no credentials were sent
    protocol       varchar(16),
    action         varchar(64) NOT NULL,
    cluster        varchar(255),
    target         varchar(512),
    status         smallint NOT NULL,
    outcome        varchar(32) NOT NULL,
    request_id     varchar(128),
    occurrences    integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1)
);

-- newest first, as GET /v1/audit-events pages; the time filters use the same index
CREATE INDEX audit_event_newest ON audit_event (occurred_at DESC, id DESC);
CREATE INDEX audit_event_key ON audit_event (access_key_id, occurred_at DESC, id DESC) WHERE access_key_id IS NOT NULL;
CREATE INDEX audit_event_cluster ON audit_event (cluster, occurred_at DESC, id DESC) WHERE cluster IS NOT NULL;
