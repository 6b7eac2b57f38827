-- Item 7: the installation's identity. Generated once, here, so every replica of one installation
-- (they share this database) reads the same id, and a second installation with its own database gets
-- another one. Every container Gantry creates carries it as the label gantry.installation; containers
-- with another installation's id or none are never touched (docs/design/reliability/ownership-and-idempotency.md).
CREATE TABLE gantry_installation (
    singleton  boolean      PRIMARY KEY DEFAULT true CHECK (singleton),
    id         uuid         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);
INSERT INTO gantry_installation (id) VALUES (gen_random_uuid());

-- the newest task the database knows, which the host loop compares with a container's gantry.task-created-at
-- label when that container's task is unknown (a database restored from a backup knows no newer task)
CREATE INDEX task_created_at ON task (created_at);

-- Item 8: a RunTask client token now stores the response it produced, in the transaction that
-- created its tasks, so a retry replays it (failures and 4xx answers included). Tokens claimed
-- under the old rule whose request created no task are what made retries answer an empty 200:
-- they are dropped, so those retries run again. The others get the response they would have had.
DELETE FROM run_task_token r
 WHERE NOT EXISTS (SELECT 1 FROM task t WHERE t.cluster_id = r.cluster_id AND t.client_token = r.client_token);

ALTER TABLE run_task_token
    ADD COLUMN status   integer NOT NULL DEFAULT 200 CHECK (status BETWEEN 200 AND 499),
    ADD COLUMN response jsonb;

UPDATE run_task_token r SET response = jsonb_build_object(
    'taskIds', (SELECT jsonb_agg(t.id ORDER BY t.created_at, t.id) FROM task t
                 WHERE t.cluster_id = r.cluster_id AND t.client_token = r.client_token),
    'failures', '[]'::jsonb);

ALTER TABLE run_task_token ALTER COLUMN response SET NOT NULL, ALTER COLUMN status DROP DEFAULT;

-- the retention job deletes by age
CREATE INDEX run_task_token_created ON run_task_token (created_at);
