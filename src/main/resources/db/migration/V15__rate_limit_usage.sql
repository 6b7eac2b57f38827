-- Issue 12, item 6 (docs/design/security.md): what each replica took from the rate-limit buckets, owned by
-- the security module. Every replica keeps its buckets in memory; every sync interval it appends what it took since
-- the last interval and reads what the others appended, which it subtracts from its own buckets. The limits so hold
-- across replicas within one sync interval's traffic per replica. Rows are read once by each replica and deleted a
-- minute later by any, so the table holds about a minute of use.
CREATE TABLE rate_limit_usage (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- a replica's random id for its lifetime: it skips its own rows
    replica     varchar(36) NOT NULL,
    -- the bucket: the group and the access key id, or failed-authentications and the source address
    bucket      varchar(160) NOT NULL,
    -- tokens taken from it in one interval
    consumed    integer NOT NULL CHECK (consumed > 0),
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rate_limit_usage_recorded ON rate_limit_usage (recorded_at);
