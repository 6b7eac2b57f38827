-- Access keys Gantry issues (issue #12). The secret is stored only sealed (shared.SecretBox, AES-256-GCM): it is
-- shown once, in the response that creates the key. A key is never deleted: revocation sets revoked_at, so the
-- audit log keeps naming keys that exist. clusters NULL means every cluster.
CREATE TABLE access_key (
    id             bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    access_key_id  varchar(20)  NOT NULL UNIQUE CHECK (access_key_id ~ '^GK[A-Z0-9]{18}$'),
    sealed_secret  text         NOT NULL,
    role           varchar(16)  NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR', 'READ_ONLY')),
    clusters       text[],
    description    varchar(256),
    created_at     timestamptz  NOT NULL,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    created_by     varchar(255) NOT NULL,
    last_used_at   timestamptz
);
