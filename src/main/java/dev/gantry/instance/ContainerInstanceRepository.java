package dev.gantry.instance;

import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ClusterId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Container-instance rows. Writes that the reconciler races with are conditional on {@code version}. */
@Repository
public class ContainerInstanceRepository {

    private static final String COLUMNS = """
            id, cluster_id, docker_endpoint, tls_key_pem IS NOT NULL AS tls, engine_id, engine_name, docker_version,
            status, status_reason, agent_connected, registered_cpu, registered_memory, remaining_cpu, remaining_memory,
            reserved_tcp_ports, reserved_udp_ports, used_tcp_ports, used_udp_ports, attributes, registered_at,
            last_heartbeat_at, heartbeat_failures, disconnected_at, version""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    ContainerInstanceRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /** The tags of instance {@code id}; with {@code lock}, the row is locked until the transaction ends. */
    public Optional<List<Tag>> tags(String id, boolean lock) {
        return jdbc.sql("SELECT tags::text FROM container_instance WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .param("id", id).query(String.class).optional().map(stored -> Tags.fromJson(json, stored));
    }

    public void setTags(String id, List<Tag> tags) {
        jdbc.sql("UPDATE container_instance SET tags = CAST(:tags AS jsonb) WHERE id = :id")
                .param("tags", Tags.toJson(json, tags)).param("id", id).update();
    }

    public record NewInstance(String id, long clusterId, String dockerEndpoint, String caPem, String certPem,
            String sealedKeyPem, String engineId, String engineName, String dockerVersion, int cpu, int memory,
            List<Integer> reservedTcp, List<Integer> reservedUdp, Map<String, String> attributes) {
    }

    public void insert(NewInstance n) {
        jdbc.sql("""
                INSERT INTO container_instance (id, cluster_id, docker_endpoint, tls_ca_pem, tls_cert_pem, tls_key_pem,
                  engine_id, engine_name, docker_version, status, agent_connected, registered_cpu, registered_memory,
                  remaining_cpu, remaining_memory, reserved_tcp_ports, reserved_udp_ports, used_tcp_ports, used_udp_ports,
                  attributes, last_heartbeat_at)
                VALUES (:id, :cluster, :endpoint, :ca, :cert, :key, :engineId, :engineName, :dockerVersion, 'ACTIVE', true,
                  :cpu, :memory, :cpu, :memory, :tcp, :udp, :tcp, :udp, CAST(:attributes AS jsonb), now())""")
                .param("id", n.id()).param("cluster", n.clusterId()).param("endpoint", n.dockerEndpoint())
                .param("ca", n.caPem()).param("cert", n.certPem()).param("key", n.sealedKeyPem())
                .param("engineId", n.engineId()).param("engineName", n.engineName())
                .param("dockerVersion", n.dockerVersion()).param("cpu", n.cpu()).param("memory", n.memory())
                .param("tcp", n.reservedTcp().toArray(Integer[]::new)).param("udp", n.reservedUdp().toArray(Integer[]::new))
                .param("attributes", json.writeValueAsString(n.attributes()))
                .update();
    }

    public Optional<ContainerInstance> find(ClusterId clusterId, InstanceId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE cluster_id = :c AND id = :id")
                .param("c", clusterId.value()).param("id", id.value()).query(this::map).optional();
    }

    public Optional<ContainerInstance> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE id = :id")
                .param("id", id).query(this::map).optional();
    }

    /** Locks the row for the rest of the transaction: the per-host commit point of a placement. */
    public Optional<ContainerInstance> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE id = :id FOR UPDATE")
                .param("id", id).query(this::map).optional();
    }

    /** Locks several rows, always in id order so concurrent committers cannot deadlock. */
    public List<ContainerInstance> lockAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", List.copyOf(ids)).query(this::map).list();
    }

    public List<ContainerInstance> listByCluster(long clusterId, Collection<ContainerInstance.Status> statuses) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE cluster_id = :c AND status IN (:s) ORDER BY id")
                .param("c", clusterId).param("s", statuses.stream().map(Enum::name).toList()).query(this::map).list();
    }

    /** Ids of the cluster's DRAINING and INACTIVE instances: what a service pass needs to know of thousands of hosts. */
    public Set<String> notActiveIds(long clusterId) {
        return new HashSet<>(jdbc.sql("SELECT id FROM container_instance WHERE cluster_id = :c AND status <> 'ACTIVE'")
                .param("c", clusterId).query(String.class).list());
    }

    public List<ContainerInstance> listLive() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE status <> 'INACTIVE' ORDER BY id")
                .query(this::map).list();
    }

    public Optional<ContainerInstance> findLiveByEngine(String engineId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE engine_id = :e AND status <> 'INACTIVE'")
                .param("e", engineId).query(this::map).optional();
    }

    /** The endpoint with TLS material (still sealed); only the Docker client factory reads it. */
    public record StoredEndpoint(String uri, String caPem, String certPem, String sealedKeyPem) {
    }

    public Optional<StoredEndpoint> endpoint(String id) {
        return jdbc.sql("SELECT docker_endpoint, tls_ca_pem, tls_cert_pem, tls_key_pem FROM container_instance WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new StoredEndpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    public boolean updateStatus(InstanceId id, long version, ContainerInstance.Status status, String reason) {
        return jdbc.sql("""
                UPDATE container_instance SET status = :s, status_reason = :r, version = version + 1,
                  deregistered_at = CASE WHEN :s = 'INACTIVE' THEN now() ELSE deregistered_at END
                WHERE id = :id AND version = :v""")
                .param("s", status.name()).param("r", reason).param("id", id.value()).param("v", version).update() == 1;
    }

    public boolean updateAttributes(InstanceId id, long version, Map<String, String> attributes) {
        return jdbc.sql("""
                UPDATE container_instance SET attributes = CAST(:a AS jsonb), version = version + 1
                WHERE id = :id AND version = :v""")
                .param("a", json.writeValueAsString(attributes)).param("id", id.value()).param("v", version).update() == 1;
    }

    /** A successful ping: connected again, failure count cleared. Changes version only when connectivity changes. */
    /** A successful ping; callers skip it when {@link ContainerInstance#heartbeatChangesSomething} says there is nothing to record. */
    public void recordHeartbeat(String id) {
        // the ping saw the registered engine: a replacement recorded earlier is over (the old engine is back)
        jdbc.sql("""
                UPDATE container_instance SET last_heartbeat_at = now(), heartbeat_failures = 0, disconnected_at = NULL,
                  agent_connected = true, version = version + CASE WHEN agent_connected THEN 0 ELSE 1 END,
                  status_reason = CASE WHEN engine_replaced_by IS NULL THEN status_reason ELSE NULL END,
                  engine_replaced_by = NULL
                WHERE id = :id AND status <> 'INACTIVE'""")
                .param("id", id).update();
    }

    /** A failed ping; after {@code threshold} consecutive failures the agent counts as disconnected. */
    public void recordHeartbeatFailure(String id, int threshold) {
        jdbc.sql("""
                UPDATE container_instance SET heartbeat_failures = heartbeat_failures + 1,
                  agent_connected = CASE WHEN heartbeat_failures + 1 >= :t THEN false ELSE agent_connected END,
                  disconnected_at = CASE WHEN heartbeat_failures + 1 >= :t AND disconnected_at IS NULL THEN now()
                                         ELSE disconnected_at END,
                  version = version + CASE WHEN agent_connected AND heartbeat_failures + 1 >= :t THEN 1 ELSE 0 END
                WHERE id = :id AND status <> 'INACTIVE'""")
                .param("t", threshold).param("id", id).update();
    }

    /**
     * The endpoint answered with another engine's Docker ID: the host was reinstalled or replaced. The instance is
     * not adopted: it stays (or becomes) disconnected, with {@code reason} as its status reason, until the registered
     * engine answers again or the operator registers the new one. True the first time this engine id is seen.
     */
    public boolean recordEngineReplaced(InstanceId id, String observedEngineId, String reason) {
        return jdbc.sql("""
                UPDATE container_instance SET engine_replaced_by = :e, status_reason = :r, agent_connected = false,
                  disconnected_at = coalesce(disconnected_at, now()),
                  version = version + CASE WHEN agent_connected THEN 1 ELSE 0 END
                WHERE id = :id AND status <> 'INACTIVE' AND engine_replaced_by IS DISTINCT FROM :e""")
                .param("e", observedEngineId).param("r", reason).param("id", id.value()).update() == 1;
    }

    /** Instances whose agent has been disconnected for longer than {@code timeout}, by database time. */
    public List<ContainerInstance> disconnectedLongerThan(java.time.Duration timeout) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM container_instance WHERE status <> 'INACTIVE' AND NOT agent_connected"
                        + " AND disconnected_at < now() - make_interval(secs => :s)")
                .param("s", timeout.toMillis() / 1000.0).query(this::map).list();
    }

    /** Every host of the cluster that is disconnected now counts as disconnected from now: a fresh loss timeout. */
    public void restartDisconnectionWindows(long clusterId) {
        jdbc.sql("""
                UPDATE container_instance SET disconnected_at = now()
                WHERE cluster_id = :c AND status <> 'INACTIVE' AND NOT agent_connected""").param("c", clusterId).update();
    }

    /** Gives every connected-or-not host a fresh window, so a new lease holder does not evict the fleet. */
    public void restartHeartbeatWindows(long clusterId) {
        jdbc.sql("""
                UPDATE container_instance SET disconnected_at = CASE WHEN disconnected_at IS NULL THEN NULL ELSE now() END,
                  last_heartbeat_at = now()
                WHERE cluster_id = :c AND status <> 'INACTIVE'""").param("c", clusterId).update();
    }

    /** What an instance has left after a placement commit: remaining CPU and memory, ports in use. */
    public record Usage(String id, int remainingCpu, int remainingMemory, List<Integer> usedTcpPorts, List<Integer> usedUdpPorts) {
    }

    /** Writes usage computed by a caller that holds the rows' locks ({@link #lockAll}), in one batch. */
    public void writeUsage(List<Usage> usages) {
        if (usages.isEmpty()) {
            return;
        }
        named.batchUpdate("""
                UPDATE container_instance SET remaining_cpu = :cpu, remaining_memory = :memory, used_tcp_ports = :tcp,
                  used_udp_ports = :udp WHERE id = :id""", usages.stream()
                .map(u -> new MapSqlParameterSource().addValue("id", u.id()).addValue("cpu", u.remainingCpu())
                        .addValue("memory", u.remainingMemory()).addValue("tcp", u.usedTcpPorts().toArray(Integer[]::new))
                        .addValue("udp", u.usedUdpPorts().toArray(Integer[]::new)))
                .toArray(SqlParameterSource[]::new));
    }

    /**
     * What the non-STOPPED tasks on an instance hold, summed by the task module (it owns the tasks): CPU, memory and
     * the host ports they bind.
     */
    public record Held(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts) {
    }

    /**
     * Sets remaining CPU/memory and the used port sets from what the tasks hold. Called in the same transaction as
     * any task change on the instance, by a caller that locked the row ({@link #lockAll}) before summing the tasks,
     * so the derived columns always equal what the tasks hold.
     */
    public void writeHeld(String id, Held held) {
        jdbc.sql("""
                UPDATE container_instance SET
                  remaining_cpu = registered_cpu - :cpu,
                  remaining_memory = registered_memory - :memory,
                  used_tcp_ports = reserved_tcp_ports || :tcp,
                  used_udp_ports = reserved_udp_ports || :udp
                WHERE id = :id""").param("id", id).param("cpu", held.cpu()).param("memory", held.memory())
                .param("tcp", held.tcpPorts().toArray(Integer[]::new)).param("udp", held.udpPorts().toArray(Integer[]::new))
                .update();
    }

    /** A cluster's registered (not INACTIVE) instances, and how many of them are disconnected. */
    public record Reachability(int total, int unreachable) {
    }

    /** {@link Reachability} per cluster among {@code clusterIds}; a cluster without instances is absent. */
    public Map<Long, Reachability> reachability(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Reachability> byCluster = new HashMap<>();
        jdbc.sql("""
                SELECT cluster_id, count(*), count(*) FILTER (WHERE NOT agent_connected)
                FROM container_instance WHERE status <> 'INACTIVE' AND cluster_id IN (:c) GROUP BY cluster_id""")
                .param("c", List.copyOf(clusterIds))
                .query((rs, n) -> byCluster.put(rs.getLong(1), new Reachability(rs.getInt(2), rs.getInt(3)))).list();
        return byCluster;
    }

    private ContainerInstance map(ResultSet rs, int row) throws SQLException {
        return new ContainerInstance(rs.getString("id"), rs.getLong("cluster_id"), rs.getString("docker_endpoint"),
                rs.getBoolean("tls"), rs.getString("engine_id"), rs.getString("engine_name"),
                rs.getString("docker_version"), ContainerInstance.Status.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getBoolean("agent_connected"), rs.getInt("registered_cpu"),
                rs.getInt("registered_memory"), rs.getInt("remaining_cpu"), rs.getInt("remaining_memory"),
                ints(rs.getArray("reserved_tcp_ports")), ints(rs.getArray("reserved_udp_ports")),
                ints(rs.getArray("used_tcp_ports")), ints(rs.getArray("used_udp_ports")),
                json.readValue(rs.getString("attributes"), new TypeReference<Map<String, String>>() { }),
                instant(rs.getTimestamp("registered_at")), instant(rs.getTimestamp("last_heartbeat_at")),
                rs.getInt("heartbeat_failures"), instant(rs.getTimestamp("disconnected_at")), rs.getLong("version"));
    }

    static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Integer[]) array.getArray()).sorted().toList();
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
