-- A container instance is one registered Docker engine. Registered resources come from the
-- engine; remaining ones are kept by the scheduler as tasks are placed and stopped, guarded by
-- the row version (a conditional update is the per-host commit of a placement plan).
CREATE TABLE container_instance (
    id                       char(32)     PRIMARY KEY,
    cluster_id               bigint       NOT NULL REFERENCES cluster (id),
    docker_endpoint          varchar(1024) NOT NULL,
    tls_ca_pem               text,
    tls_cert_pem             text,
    tls_key_pem              text,
    engine_id                varchar(255) NOT NULL,
    engine_name              varchar(255) NOT NULL,
    docker_version           varchar(64)  NOT NULL,
    status                   varchar(24)  NOT NULL CHECK (status IN ('REGISTERING', 'REGISTRATION_FAILED', 'ACTIVE',
                                                                     'INACTIVE', 'DEREGISTERING', 'DRAINING')),
    status_reason            varchar(1024),
    agent_connected          boolean      NOT NULL DEFAULT true,
    registered_cpu           integer      NOT NULL,
    registered_memory        integer      NOT NULL,
    remaining_cpu            integer      NOT NULL,
    remaining_memory         integer      NOT NULL,
    reserved_tcp_ports       integer[]    NOT NULL DEFAULT '{}',
    reserved_udp_ports       integer[]    NOT NULL DEFAULT '{}',
    used_tcp_ports           integer[]    NOT NULL DEFAULT '{}',
    used_udp_ports           integer[]    NOT NULL DEFAULT '{}',
    attributes               jsonb        NOT NULL DEFAULT '{}',
    registered_at            timestamptz  NOT NULL DEFAULT now(),
    last_heartbeat_at        timestamptz,
    heartbeat_failures       integer      NOT NULL DEFAULT 0,
    disconnected_at          timestamptz,
    deregistered_at          timestamptz,
    version                  bigint       NOT NULL DEFAULT 0
);

CREATE INDEX container_instance_cluster ON container_instance (cluster_id, status);
-- The same engine may be registered once while it is not deregistered.
CREATE UNIQUE INDEX container_instance_engine ON container_instance (engine_id) WHERE status <> 'INACTIVE';
