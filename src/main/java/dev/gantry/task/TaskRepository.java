package dev.gantry.task;

import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.StoredValues;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task rows. {@code last_status} changes are compare-and-set on the status itself (forwards only),
 * {@code desired_status} changes only ever go to STOPPED; both bump {@code version}.
 */
@Repository
public class TaskRepository {

    private static final String COLUMNS = """
            id, cluster_id, container_instance_id, task_definition_id, service_id, deployment_id, group_name, started_by,
            last_status, desired_status, health_status, cpu, memory, tcp_ports, udp_ports, overrides, stop_code,
            stop_cause, stopped_reason, client_token, connectivity, created_at, pull_started_at, pull_stopped_at, started_at,
            stopping_at, stopped_at, execution_stopped_at, version, launch_epoch""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

    TaskRepository(JdbcClient jdbc, JsonMapper json, org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.json = json;
        this.named = named;
    }

    /**
     * A task row to insert. Its ids are typed: six of them travel together here, and a swapped pair would compile as
     * plain strings and longs. Made by {@link NewTasks} for RunTask, StartTask and the service scheduler alike.
     */
    public record NewTask(TaskId id, ClusterId clusterId, InstanceId containerInstanceId,
            TaskDefinitionId taskDefinitionId, ServiceId serviceId, DeploymentId deploymentId, String group,
            String startedBy, int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts, String overridesJson,
            String clientToken, String requestFingerprint, List<NewContainer> containers, Long launchEpoch) {
    }

    public record NewContainer(String name, String containerId, String image, boolean essential, int cpu, Integer memory,
            Integer memoryReservation) {
    }

    /** Inserts many tasks and their containers in two batched statements. */
    public void insertAll(List<NewTask> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<org.springframework.jdbc.core.namedparam.SqlParameterSource> taskRows = new ArrayList<>();
        List<org.springframework.jdbc.core.namedparam.SqlParameterSource> containerRows = new ArrayList<>();
        for (NewTask t : batch) {
            taskRows.add(new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                    .addValue("id", t.id().value()).addValue("cluster", t.clusterId().value())
                    .addValue("instance", t.containerInstanceId() == null ? null : t.containerInstanceId().value())
                    .addValue("td", t.taskDefinitionId().value())
                    .addValue("service", t.serviceId() == null ? null : t.serviceId().value())
                    .addValue("deployment", t.deploymentId() == null ? null : t.deploymentId().value()).addValue("group", t.group()).addValue("startedBy", t.startedBy())
                    .addValue("cpu", t.cpu()).addValue("memory", t.memory())
                    .addValue("tcp", t.tcpPorts().toArray(Integer[]::new)).addValue("udp", t.udpPorts().toArray(Integer[]::new))
                    .addValue("overrides", t.overridesJson()).addValue("token", t.clientToken())
                    .addValue("fingerprint", t.requestFingerprint()).addValue("epoch", t.launchEpoch()));
            for (NewContainer c : t.containers()) {
                containerRows.add(new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                        .addValue("task", t.id().value()).addValue("name", c.name()).addValue("cid", c.containerId())
                        .addValue("image", c.image()).addValue("essential", c.essential()).addValue("cpu", c.cpu())
                        .addValue("memory", c.memory()).addValue("reservation", c.memoryReservation()));
            }
        }
        named.batchUpdate(INSERT_TASK, taskRows.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
        named.batchUpdate(INSERT_CONTAINER,
                containerRows.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
    }

    private static final String INSERT_TASK = """
            INSERT INTO task (id, cluster_id, container_instance_id, task_definition_id, service_id, deployment_id,
              group_name, started_by, last_status, desired_status, cpu, memory, tcp_ports, udp_ports, overrides,
              client_token, request_fingerprint, launch_epoch)
            VALUES (:id, :cluster, :instance, :td, :service, :deployment, :group, :startedBy, 'PENDING', 'RUNNING',
              :cpu, :memory, :tcp, :udp, CAST(:overrides AS jsonb), :token, :fingerprint, CAST(:epoch AS bigint))""";

    private static final String INSERT_CONTAINER = """
            INSERT INTO task_container (task_id, name, container_id, image, essential, cpu, memory, memory_reservation)
            VALUES (:task, :name, :cid, :image, :essential, :cpu, :memory, :reservation)""";

    public void insert(NewTask t) {
        insertAll(List.of(t));
    }

    /** The tags of task {@code id}; with {@code lock}, the row is locked until the transaction ends. */
    public Optional<List<Tag>> tags(TaskId id, boolean lock) {
        return jdbc.sql("SELECT tags::text FROM task WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .param("id", id.value()).query(String.class).optional().map(stored -> Tags.fromJson(json, stored));
    }

    /** The tags of each of these tasks (a task without a row is left out). */
    public Map<TaskId, List<Tag>> tagsOf(Collection<TaskId> ids) {
        Map<TaskId, List<Tag>> tags = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        jdbc.sql("SELECT id, tags::text AS tags FROM task WHERE id IN (:ids)")
                .param("ids", ids.stream().map(TaskId::value).distinct().toList())
                .query((rs, n) -> tags.put(new TaskId(rs.getString("id")), Tags.fromJson(json, rs.getString("tags"))))
                .list();
        return tags;
    }

    public void setTags(Collection<TaskId> ids, List<Tag> tags) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE task SET tags = CAST(:tags AS jsonb) WHERE id IN (:ids)")
                .param("tags", Tags.toJson(json, tags)).param("ids", ids.stream().map(TaskId::value).toList()).update();
    }

    public Optional<Task> find(TaskId id) {
        return withContainers(jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE id = :id").param("id", id.value())
                .query(this::map).list()).stream().findFirst();
    }

    public Optional<Task> find(ClusterId clusterId, TaskId id) {
        return find(id).filter(t -> t.clusterId().equals(clusterId));
    }

    public List<Task> findAll(Collection<TaskId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withContainers(jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE id IN (:ids)")
                .param("ids", ids.stream().map(TaskId::value).toList()).query(this::map).list());
    }

    /** Tasks a host must act on: not yet STOPPED, plus STOPPED ones whose containers may still need removal. */
    public List<Task> activeOnInstance(InstanceId instanceId) {
        return withContainers(jdbc.sql("SELECT " + COLUMNS
                        + " FROM task WHERE container_instance_id = :i AND last_status <> 'STOPPED' ORDER BY created_at")
                .param("i", instanceId.value()).query(this::map).list());
    }

    /** Of {@code instanceIds}, those with a task not yet STOPPED. */
    public Set<InstanceId> instancesWithActiveTasks(Collection<InstanceId> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        SELECT DISTINCT container_instance_id FROM task
                        WHERE container_instance_id = ANY(:i) AND last_status <> 'STOPPED'""")
                .param("i", instanceIds.stream().map(InstanceId::value).toArray(String[]::new))
                .query((rs, n) -> new InstanceId(rs.getString(1))).list());
    }

    /** {@link #activeOnInstance} for several instances in one read. */
    public List<Task> activeOnInstances(Collection<InstanceId> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        return withContainers(jdbc.sql("SELECT " + COLUMNS
                        + " FROM task WHERE container_instance_id = ANY(:i) AND last_status <> 'STOPPED' ORDER BY created_at")
                .param("i", instanceIds.stream().map(InstanceId::value).toArray(String[]::new)).query(this::map).list());
    }

    /** A service's tasks that are not STOPPED yet. */
    public List<Task> liveOfService(ServiceId serviceId) {
        return withContainers(jdbc.sql("SELECT " + COLUMNS
                        + " FROM task WHERE service_id = :s AND last_status <> 'STOPPED' ORDER BY created_at, id")
                .param("s", serviceId.value()).query(this::map).list());
    }

    /** The causes the circuit breaker counts: failed to start, essential container exited, failed health checks. */
    static final List<String> DEPLOYMENT_FAILURES = Arrays.stream(StopCause.values())
            .filter(StopCause::deploymentFailure).map(Enum::name).toList();

    /**
     * Failed tasks of a deployment since {@code after}, counted by their recorded {@link StopCause} (never by the
     * wording of their stoppedReason).
     */
    public int deploymentFailures(DeploymentId deploymentId, Instant after) {
        return jdbc.sql("""
                SELECT count(*) FROM task WHERE deployment_id = :d AND last_status = 'STOPPED' AND stopped_at > :after
                  AND stop_cause IN (:causes)""")
                .param("d", deploymentId.value()).param("after", Timestamp.from(after)).param("causes", DEPLOYMENT_FAILURES)
                .query(Integer.class).single();
    }

    public record FailureStreak(int count, Instant last) {
    }

    /** Consecutive launches of a service that failed to start since {@code after} or its last task that reached RUNNING. */
    public FailureStreak startFailures(ServiceId serviceId, Instant after) {
        return jdbc.sql("""
                SELECT count(*), max(stopped_at) FROM task
                WHERE service_id = :s AND stop_code = :failedToStart AND stopped_at > :after
                  AND stopped_at > coalesce((SELECT max(started_at) FROM task WHERE service_id = :s), 'epoch'::timestamptz)""")
                .param("s", serviceId.value()).param("after", Timestamp.from(after))
                .param("failedToStart", StopCode.TaskFailedToStart.name())
                .query((rs, n) -> new FailureStreak(rs.getInt(1), instant(rs.getTimestamp(2)))).single();
    }

    /** ListTasks: the filters are ANDed; results in a stable id order for keyset pagination. */
    public record ListFilter(ClusterId clusterId, String desiredStatus, ServiceId serviceId,
            List<TaskDefinitionId> taskDefinitionIds, String startedBy, InstanceId containerInstanceId, String afterId,
            int limit) {
    }

    public List<Task> list(ListFilter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM task WHERE cluster_id = :c AND id > :after");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("c", f.clusterId().value());
        params.put("after", f.afterId());
        if (f.desiredStatus() != null) {
            sql.append(" AND desired_status = :ds");
            params.put("ds", f.desiredStatus());
        }
        if (f.serviceId() != null) {
            sql.append(" AND service_id = :svc");
            params.put("svc", f.serviceId().value());
        }
        if (f.taskDefinitionIds() != null) {
            sql.append(" AND task_definition_id IN (:tds)");
            params.put("tds", f.taskDefinitionIds().isEmpty() ? List.of(-1L)
                    : f.taskDefinitionIds().stream().map(TaskDefinitionId::value).toList());
        }
        if (f.startedBy() != null) {
            sql.append(" AND started_by = :sb");
            params.put("sb", f.startedBy());
        }
        if (f.containerInstanceId() != null) {
            sql.append(" AND container_instance_id = :ci");
            params.put("ci", f.containerInstanceId().value());
        }
        sql.append(" ORDER BY id LIMIT :limit");
        params.put("limit", f.limit());
        return withContainers(jdbc.sql(sql.toString()).params(params).query(this::map).list());
    }

    /** Sets desiredStatus STOPPED once; the first stop reason wins. False if it was already STOPPED-desired. */
    public boolean requestStop(TaskId id, StopCause cause, String reason) {
        return requestStop(id, cause, reason, null);
    }

    /** The cause is set with the code, once: the first stop reason wins for both. */
    private static final String SET_STOP = """
            stop_cause = CASE WHEN stop_code IS NULL THEN :cause ELSE stop_cause END,
              stop_code = coalesce(stop_code, :code), stopped_reason = coalesce(stopped_reason, :reason)""";

    /** {@link #requestStop} decided by the lease holder of {@code stopEpoch} (null: not a lease holder's decision). */
    public boolean requestStop(TaskId id, StopCause cause, String reason, Long stopEpoch) {
        return jdbc.sql("UPDATE task SET desired_status = 'STOPPED', " + SET_STOP + """
                , stop_epoch = CAST(:epoch AS bigint), version = version + 1
                WHERE id = :id AND desired_status = 'RUNNING'""")
                .param("id", id.value()).param("cause", cause.name()).param("code", cause.code().name()).param("reason", reason)
                .param("epoch", stopEpoch).update() == 1;
    }

    /** Moves lastStatus forwards only; the timestamp column of the new state is set once. */
    public boolean advance(TaskId id, LastStatus next) {
        String stamp = switch (next) {
            case RUNNING -> ", started_at = coalesce(started_at, now())";
            case STOPPING -> ", stopping_at = coalesce(stopping_at, now())";
            // a STOPPED task is desired STOPPED (a constraint since V7)
            case STOPPED -> ", desired_status = 'STOPPED', stopped_at = coalesce(stopped_at, now()), "
                    + "execution_stopped_at = coalesce(execution_stopped_at, now())";
            default -> "";
        };
        List<String> earlier = Arrays.stream(LastStatus.values()).filter(s -> s.isBefore(next)).map(Enum::name).toList();
        if (earlier.isEmpty()) {
            return false;
        }
        return jdbc.sql("UPDATE task SET last_status = :next" + stamp
                        + ", version = version + 1 WHERE id = :id AND last_status IN (:earlier)")
                .param("next", next.name()).param("id", id.value()).param("earlier", earlier).update() == 1;
    }

    /** A launched task: when creating its containers (pulling as needed) began and ended. */
    public record Launched(TaskId id, Instant pullStartedAt, Instant pullStoppedAt) {
    }

    /** RUNNING with each launch's pull window, for many tasks in one statement; answers the ids it moved. */
    public Set<TaskId> markAllRunning(List<Launched> launched) {
        if (launched.isEmpty()) {
            return Set.of();
        }
        List<String> earlier = Arrays.stream(LastStatus.values()).filter(s -> s.isBefore(LastStatus.RUNNING)).map(Enum::name).toList();
        return new HashSet<>(jdbc.sql("""
                UPDATE task t SET last_status = 'RUNNING', started_at = coalesce(t.started_at, now()),
                  pull_started_at = coalesce(t.pull_started_at, v.s), pull_stopped_at = coalesce(t.pull_stopped_at, v.e),
                  version = t.version + 1
                FROM unnest(CAST(:ids AS text[]), CAST(:starts AS timestamptz[]), CAST(:stops AS timestamptz[])) AS v(id, s, e)
                WHERE t.id = v.id AND t.last_status IN (:earlier)
                RETURNING t.id""")
                .param("ids", launched.stream().map(l -> l.id().value()).toArray(String[]::new))
                .param("starts", launched.stream().map(l -> l.pullStartedAt().toString()).toArray(String[]::new))
                .param("stops", launched.stream().map(l -> l.pullStoppedAt().toString()).toArray(String[]::new))
                .param("earlier", earlier).query((rs, n) -> new TaskId(rs.getString(1))).list());
    }

    /** Marks a task STOPPED in one step (failed launch, lost host), with desiredStatus and reason. */
    public boolean stopNow(TaskId id, StopCause cause, String reason) {
        return !stopAllNow(List.of(id), cause, reason).isEmpty();
    }

    /** {@link #stopNow} for many tasks in one statement; answers the ids it changed. */
    public List<TaskId> stopAllNow(Collection<TaskId> ids, StopCause cause, String reason) {
        return stopAllNow(ids, cause, reason, null);
    }

    /** {@link #stopAllNow} decided by the lease holder of {@code stopEpoch} (null: not a lease holder's decision). */
    public List<TaskId> stopAllNow(Collection<TaskId> ids, StopCause cause, String reason, Long stopEpoch) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("UPDATE task SET desired_status = 'STOPPED', last_status = 'STOPPED', " + SET_STOP + """
                , stopped_at = now(), execution_stopped_at = coalesce(execution_stopped_at, now()),
                  stopping_at = coalesce(stopping_at, now()),
                  stop_epoch = CASE WHEN desired_status = 'RUNNING' THEN CAST(:epoch AS bigint) ELSE stop_epoch END,
                  version = version + 1
                WHERE id = ANY(:ids) AND last_status <> 'STOPPED'
                RETURNING id""")
                .param("ids", ids.stream().map(TaskId::value).toArray(String[]::new)).param("cause", cause.name()).param("code", cause.code().name())
                .param("reason", reason).param("epoch", stopEpoch)
                .query((rs, n) -> new TaskId(rs.getString(1))).list();
    }

    /** Records the pull window (creating the containers pulls as the policy says) in one write. */
    public void markPulled(TaskId id, Instant startedAt, Instant stoppedAt) {
        jdbc.sql("UPDATE task SET pull_started_at = coalesce(pull_started_at, :s), pull_stopped_at = coalesce(pull_stopped_at, :e) "
                        + "WHERE id = :id")
                .param("s", Timestamp.from(startedAt)).param("e", Timestamp.from(stoppedAt)).param("id", id.value()).update();
    }

    public void updateHealth(TaskId id, HealthStatus health) {
        jdbc.sql("UPDATE task SET health_status = :h, version = version + 1 WHERE id = :id AND health_status <> :h")
                .param("h", health.name()).param("id", id.value()).update();
    }

    /** One container as observed on its host; null fields keep what is stored (bindings: kept unless RUNNING). */
    public record ContainerUpdate(String name, String runtimeId, ContainerStatus lastStatus, Integer exitCode, String reason,
            HealthStatus health, List<TaskContainer.NetworkBinding> bindings, String imageDigest) {
    }

    /** A STOPPED container never goes back to an earlier status. */
    public void updateContainer(TaskId taskId, ContainerUpdate c) {
        updateContainers(List.of(Map.entry(taskId, c)));
    }

    /** {@link #updateContainer} for containers of several tasks (task id, update), in one batch. */
    public void updateContainers(Collection<Map.Entry<TaskId, ContainerUpdate>> containers) {
        if (containers.isEmpty()) {
            return;
        }
        named.batchUpdate("""
                UPDATE task_container SET runtime_id = coalesce(:rid, runtime_id), last_status = :ls,
                  exit_code = coalesce(:exit, exit_code), reason = coalesce(:reason, reason), health_status = :health,
                  network_bindings = CASE WHEN :ls = 'RUNNING' THEN CAST(:bindings AS jsonb) ELSE network_bindings END,
                  image_digest = coalesce(:digest, image_digest)
                WHERE task_id = :task AND name = :name
                  AND NOT (last_status = 'STOPPED' AND :ls <> 'STOPPED')""", containers.stream()
                .map(e -> new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                        .addValue("rid", e.getValue().runtimeId()).addValue("ls", e.getValue().lastStatus().name())
                        .addValue("exit", e.getValue().exitCode()).addValue("reason", e.getValue().reason())
                        .addValue("health", e.getValue().health().name())
                        .addValue("bindings", json.writeValueAsString(e.getValue().bindings()))
                        .addValue("digest", e.getValue().imageDigest()).addValue("task", e.getKey().value())
                        .addValue("name", e.getValue().name()))
                .toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
    }

    /** STOPPED tasks past retention go away with their containers (cascade). */
    public int deleteStoppedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM task WHERE last_status = 'STOPPED' AND stopped_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    /** created_at of the newest task of any cluster (database time), empty when there is none. */
    public Optional<Instant> newestCreatedAt() {
        return jdbc.sql("SELECT max(created_at) FROM task").query((rs, n) -> Optional.ofNullable(instant(rs.getTimestamp(1))))
                .single();
    }

    public Optional<Instant> stoppedAt(TaskId id) {
        return jdbc.sql("SELECT stopped_at FROM task WHERE id = :id AND last_status = 'STOPPED'")
                .param("id", id.value()).query((rs, n) -> instant(rs.getTimestamp(1))).optional();
    }

    private List<Task> withContainers(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return tasks;
        }
        Map<TaskId, List<TaskContainer>> byTask = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT task_id, name, container_id, image, image_digest, runtime_id, essential, last_status, exit_code,
                  reason, health_status, network_bindings, cpu, memory, memory_reservation
                FROM task_container WHERE task_id = ANY(:ids) ORDER BY task_id, name""")
                // one array parameter: a host or a service may hold thousands of tasks, and IN (...) would bind each
                .param("ids", tasks.stream().map(t -> t.id().value()).toArray(String[]::new))
                .query((rs, n) -> new TaskContainer(new TaskId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7),
                        StoredValues.parse(ContainerStatus.class, rs.getString(8), "task_container.last_status"),
                        (Integer) rs.getObject(9), rs.getString(10),
                        StoredValues.parse(HealthStatus.class, rs.getString(11), "task_container.health_status"),
                        json.readValue(rs.getString(12), new TypeReference<List<TaskContainer.NetworkBinding>>() { }),
                        rs.getInt(13), (Integer) rs.getObject(14), (Integer) rs.getObject(15)))
                .list().forEach(c -> byTask.computeIfAbsent(c.taskId(), k -> new ArrayList<>()).add(c));
        return tasks.stream().map(t -> withContainers(t, byTask.getOrDefault(t.id(), List.of()))).toList();
    }

    private static Task withContainers(Task t, List<TaskContainer> containers) {
        return new Task(t.id(), t.clusterId(), t.containerInstanceId(), t.taskDefinitionId(), t.serviceId(),
                t.deploymentId(), t.group(), t.startedBy(), t.lastStatus(), t.desiredStatus(), t.healthStatus(), t.cpu(),
                t.memory(), t.tcpPorts(), t.udpPorts(), t.overridesJson(), t.stopCode(), t.stopCause(), t.stoppedReason(),
                t.clientToken(), t.connectivity(), t.createdAt(), t.pullStartedAt(), t.pullStoppedAt(), t.startedAt(),
                t.stoppingAt(), t.stoppedAt(), t.executionStoppedAt(), t.version(), List.copyOf(containers), t.launchEpoch());
    }

    private Task map(ResultSet rs, int row) throws SQLException {
        return new Task(new TaskId(rs.getString("id")), new ClusterId(rs.getLong("cluster_id")),
                InstanceId.ofNullable(rs.getString("container_instance_id")),
                new TaskDefinitionId(rs.getLong("task_definition_id")), ServiceId.ofNullable((Long) rs.getObject("service_id")),
                DeploymentId.ofNullable(rs.getString("deployment_id")),
                rs.getString("group_name"), rs.getString("started_by"), StoredValues.parse(LastStatus.class, rs.getString("last_status"), "task.last_status"),
                StoredValues.parse(DesiredStatus.class, rs.getString("desired_status"), "task.desired_status"),
                StoredValues.parse(HealthStatus.class, rs.getString("health_status"), "task.health_status"), rs.getInt("cpu"),
                rs.getInt("memory"), ints(rs.getArray("tcp_ports")), ints(rs.getArray("udp_ports")),
                rs.getString("overrides"), StoredValues.parse(StopCode.class, rs.getString("stop_code"), "task.stop_code"),
                StoredValues.parse(StopCause.class, rs.getString("stop_cause"), "task.stop_cause"),
                rs.getString("stopped_reason"),
                rs.getString("client_token"), rs.getString("connectivity"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("pull_started_at")), instant(rs.getTimestamp("pull_stopped_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("stopping_at")),
                instant(rs.getTimestamp("stopped_at")), instant(rs.getTimestamp("execution_stopped_at")),
                rs.getLong("version"), List.of(), (Long) rs.getObject("launch_epoch"));
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : List.of((Integer[]) array.getArray());
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
