-- A task is a one-shot record: desired_status is written by the API and reconciler, last_status
-- only moves forwards as the host is observed. The row is written before any container is
-- created, so a crash between the two neither loses the task nor starts it twice.
CREATE TABLE task (
    id                    char(32)     PRIMARY KEY,
    cluster_id            bigint       NOT NULL REFERENCES cluster (id),
    container_instance_id char(32)     REFERENCES container_instance (id),
    task_definition_id    bigint       NOT NULL REFERENCES task_definition (id),
    service_id            bigint       REFERENCES service (id),
    deployment_id         varchar(40)  REFERENCES service_deployment (id),
    group_name            varchar(255) NOT NULL,
    started_by            varchar(128),
    last_status           varchar(16)  NOT NULL,
    desired_status        varchar(16)  NOT NULL CHECK (desired_status IN ('RUNNING', 'STOPPED')),
    health_status         varchar(16)  NOT NULL DEFAULT 'UNKNOWN',
    cpu                   integer      NOT NULL,
    memory                integer      NOT NULL,
    tcp_ports             integer[]    NOT NULL DEFAULT '{}',
    udp_ports             integer[]    NOT NULL DEFAULT '{}',
    overrides             jsonb        NOT NULL DEFAULT '{}',
    stop_code             varchar(32),
    stopped_reason        varchar(1024),
    client_token          varchar(64),
    request_fingerprint   varchar(64),
    connectivity          varchar(16)  NOT NULL DEFAULT 'CONNECTED',
    connectivity_at       timestamptz,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    pull_started_at       timestamptz,
    pull_stopped_at       timestamptz,
    started_at            timestamptz,
    stopping_at           timestamptz,
    stopped_at            timestamptz,
    execution_stopped_at  timestamptz,
    version               bigint       NOT NULL DEFAULT 0
);

CREATE INDEX task_cluster_desired ON task (cluster_id, desired_status, last_status);
CREATE INDEX task_service ON task (service_id, desired_status) WHERE service_id IS NOT NULL;
CREATE INDEX task_instance ON task (container_instance_id, desired_status);
CREATE INDEX task_stopped_at ON task (stopped_at) WHERE last_status = 'STOPPED';
CREATE UNIQUE INDEX task_client_token ON task (cluster_id, client_token, id) WHERE client_token IS NOT NULL;

CREATE TABLE task_container (
    task_id          char(32)     NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    name             varchar(255) NOT NULL,
    container_id     char(36)     NOT NULL,
    image            varchar(1024) NOT NULL,
    image_digest     varchar(128),
    runtime_id       varchar(80),
    essential        boolean      NOT NULL,
    last_status      varchar(16)  NOT NULL DEFAULT 'PENDING',
    exit_code        integer,
    reason           varchar(1024),
    health_status    varchar(16)  NOT NULL DEFAULT 'UNKNOWN',
    network_bindings jsonb        NOT NULL DEFAULT '[]',
    cpu              integer      NOT NULL DEFAULT 0,
    memory           integer,
    memory_reservation integer,
    PRIMARY KEY (task_id, name)
);

-- RunTask idempotency: the first request with a client token claims it; a retry with the same
-- parameters gets the same tasks back, one with different parameters a ConflictException.
CREATE TABLE run_task_token (
    cluster_id   bigint       NOT NULL REFERENCES cluster (id),
    client_token varchar(64)  NOT NULL,
    fingerprint  varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, client_token)
);
