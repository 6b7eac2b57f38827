-- Task definitions are immutable once registered; only status (ACTIVE -> INACTIVE) changes.
-- The family row holds the highest revision ever issued so "highest + 1" survives deregistration
-- and concurrent registrations serialize on it.
CREATE TABLE task_definition_family (
    family          varchar(255) PRIMARY KEY,
    last_revision   integer      NOT NULL
);

CREATE TABLE task_definition (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family           varchar(255) NOT NULL REFERENCES task_definition_family (family),
    revision         integer      NOT NULL,
    status           varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS')),
    network_mode     varchar(16)  NOT NULL,
    cpu              integer,
    memory           integer,
    -- the full normalised definition as returned by the API (containerDefinitions, volumes, ...)
    document         jsonb        NOT NULL,
    registered_at    timestamptz  NOT NULL DEFAULT now(),
    deregistered_at  timestamptz,
    version          bigint       NOT NULL DEFAULT 0,
    UNIQUE (family, revision)
);

CREATE INDEX task_definition_status_family ON task_definition (status, family, revision);
