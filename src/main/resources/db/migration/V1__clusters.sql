-- A cluster is addressed by name; a deleted (INACTIVE) cluster keeps its row so old ARNs still
-- describe, and its name may be created again.
CREATE TABLE cluster (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        varchar(255) NOT NULL,
    status      varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    settings    jsonb        NOT NULL DEFAULT '[]',
    tags        jsonb        NOT NULL DEFAULT '[]',
    created_at  timestamptz  NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    version     bigint       NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX cluster_active_name ON cluster (name) WHERE status = 'ACTIVE';
CREATE INDEX cluster_name ON cluster (name, id DESC);
