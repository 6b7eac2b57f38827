-- Services and their deployments. The API writes specs and desired counts; the reconciler writes
-- deployment progress and events. Both guard their writes with the row version.
CREATE TABLE service (
    id                                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id                         bigint       NOT NULL REFERENCES cluster (id),
    name                               varchar(255) NOT NULL,
    status                             varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'DRAINING', 'INACTIVE')),
    scheduling_strategy                varchar(16)  NOT NULL CHECK (scheduling_strategy IN ('REPLICA', 'DAEMON')),
    desired_count                      integer      NOT NULL CHECK (desired_count >= 0),
    task_definition_id                 bigint       NOT NULL REFERENCES task_definition (id),
    deployment_configuration           jsonb        NOT NULL,
    placement_constraints              jsonb        NOT NULL DEFAULT '[]',
    placement_strategy                 jsonb        NOT NULL DEFAULT '[]',
    health_check_grace_period_seconds  integer      NOT NULL DEFAULT 0,
    -- Gantry extension of ECS's field: move tasks to even out the spread after instances join
    availability_zone_rebalancing      varchar(16)  NOT NULL DEFAULT 'DISABLED'
                                       CHECK (availability_zone_rebalancing IN ('ENABLED', 'DISABLED')),
    client_token                       varchar(64),
    request_fingerprint                varchar(64),
    -- crash-loop throttle (ECS "unable to consistently start tasks"), reset by any update
    launch_failures                    integer      NOT NULL DEFAULT 0,
    next_launch_at                     timestamptz,
    created_at                         timestamptz  NOT NULL DEFAULT now(),
    created_by                         varchar(255),
    updated_at                         timestamptz  NOT NULL DEFAULT now(),
    version                            bigint       NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX service_live_name ON service (cluster_id, name) WHERE status IN ('ACTIVE', 'DRAINING');
CREATE INDEX service_cluster_status ON service (cluster_id, status);

CREATE TABLE service_deployment (
    id                    varchar(40)  PRIMARY KEY,
    service_id            bigint       NOT NULL REFERENCES service (id),
    status                varchar(16)  NOT NULL CHECK (status IN ('PRIMARY', 'ACTIVE', 'INACTIVE')),
    task_definition_id    bigint       NOT NULL REFERENCES task_definition (id),
    desired_count         integer      NOT NULL,
    failed_tasks          integer      NOT NULL DEFAULT 0,
    rollout_state         varchar(16)  NOT NULL CHECK (rollout_state IN ('IN_PROGRESS', 'COMPLETED', 'FAILED')),
    rollout_state_reason  varchar(1024),
    failures_reset_at     timestamptz  NOT NULL DEFAULT now(),
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    version               bigint       NOT NULL DEFAULT 0
);

CREATE INDEX service_deployment_service ON service_deployment (service_id, status);

CREATE TABLE service_event (
    id          uuid         PRIMARY KEY,
    service_id  bigint       NOT NULL REFERENCES service (id),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    message     text         NOT NULL
);

CREATE INDEX service_event_service_time ON service_event (service_id, created_at DESC);
