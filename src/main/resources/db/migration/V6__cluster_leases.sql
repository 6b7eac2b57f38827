-- One replica reconciles a cluster at a time. The lease is judged by database time, and the
-- epoch grows with every change of holder so it can fence writes of a deposed holder.
CREATE TABLE cluster_lease (
    cluster_id  bigint       PRIMARY KEY REFERENCES cluster (id),
    holder      varchar(255) NOT NULL,
    epoch       bigint       NOT NULL,
    acquired_at timestamptz  NOT NULL DEFAULT now(),
    expires_at  timestamptz  NOT NULL
);
