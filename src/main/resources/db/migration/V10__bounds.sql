-- Issue 10, items 9 and 10 (docs/design/reliability/bounds.md).

-- A value sealed with the encryption key at first start. On every start Gantry opens it: a key that cannot
-- (a lost key file replaced by a fresh one, a wrong gantry.encryption-key) stops the start with a clear error
-- instead of leaving every TLS host unreachable and then "lost".
CREATE TABLE encryption_key_check (
    id          smallint     PRIMARY KEY CHECK (id = 1),
    sealed      text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

-- Retention jobs: find what is past its retention without scanning live rows.
CREATE INDEX service_inactive_since ON service (updated_at) WHERE status = 'INACTIVE';
CREATE INDEX container_instance_deregistered_since ON container_instance (deregistered_at) WHERE status = 'INACTIVE';
CREATE INDEX service_event_created ON service_event (created_at);
