package dev.gantry.reconcile;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import dev.gantry.service.Deployment;
import dev.gantry.task.TaskLifecycle.LastStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of the stored state (tasks, services, deployments, container instances, leases), refreshed
 * from a few aggregate queries every {@code gantry.metrics.refresh-interval} rather than per scrape,
 * so a scrape never waits on the database. Every replica reports the same stored state; aggregate
 * across replicas with {@code max}, not {@code sum}. Per-cluster series are reported for every
 * ACTIVE cluster with zeros where nothing matches, so alerts see a value rather than no series.
 */
@Component
class StateGauges {

    private static final Logger log = LoggerFactory.getLogger(StateGauges.class);
    private static final double MIB = 1024.0 * 1024.0;

    private final JdbcClient jdbc;
    private final ClusterLeadership leadership;
    private final MultiGauge tasks;
    private final MultiGauge desired;
    private final MultiGauge running;
    private final MultiGauge pending;
    private final MultiGauge deployments;
    private final MultiGauge instances;
    private final MultiGauge remainingCpu;
    private final MultiGauge remainingMemory;
    private final MultiGauge registeredCpu;
    private final MultiGauge registeredMemory;
    private final MultiGauge leaseHeld;

    private final LoopHealth loops;

    StateGauges(JdbcClient jdbc, ClusterLeadership leadership, MeterRegistry meters, LoopHealth loops,
            @Value("${gantry.metrics.refresh-interval:5s}") Duration interval) {
        this.loops = loops;
        loops.register("metrics-refresh", interval);
        this.jdbc = jdbc;
        this.leadership = leadership;
        tasks = MultiGauge.builder("gantry.tasks").description("tasks by cluster and lastStatus").register(meters);
        desired = MultiGauge.builder("gantry.service.desired.tasks").description("desired count of each live service")
                .register(meters);
        running = MultiGauge.builder("gantry.service.running.tasks").description("RUNNING tasks of each live service")
                .register(meters);
        pending = MultiGauge.builder("gantry.service.pending.tasks").description("PROVISIONING or PENDING tasks of each live service")
                .register(meters);
        deployments = MultiGauge.builder("gantry.deployments").description("PRIMARY and ACTIVE deployments of live services by rolloutState")
                .register(meters);
        instances = MultiGauge.builder("gantry.container.instances")
                .description("registered container instances by status and agent connection").register(meters);
        remainingCpu = MultiGauge.builder("gantry.container.instance.remaining.cpu").baseUnit("cores")
                .description("CPU not reserved by tasks (1 core = 1024 CPU units)").register(meters);
        remainingMemory = MultiGauge.builder("gantry.container.instance.remaining.memory").baseUnit("bytes")
                .description("memory not reserved by tasks").register(meters);
        registeredCpu = MultiGauge.builder("gantry.container.instance.registered.cpu").baseUnit("cores")
                .description("CPU the host registered with").register(meters);
        registeredMemory = MultiGauge.builder("gantry.container.instance.registered.memory").baseUnit("bytes")
                .description("memory the host registered with").register(meters);
        leaseHeld = MultiGauge.builder("gantry.leadership.held")
                .description("1 while this replica holds the cluster's lease, else 0").register(meters);
    }

    private record ClusterRow(long id, String name) {
    }

    @Scheduled(fixedDelayString = "${gantry.metrics.refresh-interval:5s}", initialDelay = 0)
    void supervisedRefresh() {
        loops.pass("metrics-refresh", this::refresh);
    }

    void refresh() {
        try {
            List<ClusterRow> clusters = jdbc.sql("SELECT id, name FROM cluster WHERE status = 'ACTIVE' ORDER BY name")
                    .query((rs, n) -> new ClusterRow(rs.getLong(1), rs.getString(2))).list();
            refreshTasks(clusters);
            refreshServices();
            refreshDeployments(clusters);
            refreshInstances(clusters);
            List<MultiGauge.Row<?>> leases = new ArrayList<>();
            for (ClusterRow c : clusters) {
                leases.add(MultiGauge.Row.of(Tags.of("cluster", c.name()), leadership.leads(c.id()) ? 1 : 0));
            }
            leaseHeld.register(leases, true);
        } catch (RuntimeException e) {
            log.debug("Could not refresh state gauges: {}", e.toString());
        }
    }

    private void refreshTasks(List<ClusterRow> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (ClusterRow c : clusters) {
            for (LastStatus s : LastStatus.values()) {
                counts.put(List.of(c.name(), s.name()), 0L);
            }
        }
        jdbc.sql("""
                SELECT c.name, t.last_status, count(*) FROM task t JOIN cluster c ON c.id = t.cluster_id
                WHERE c.status = 'ACTIVE' GROUP BY c.name, t.last_status""")
                .query((rs, n) -> counts.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3))).list();
        tasks.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "last_status", e.getKey().get(1)), e.getValue())).toList(), true);
    }

    private void refreshServices() {
        List<MultiGauge.Row<?>> d = new ArrayList<>();
        List<MultiGauge.Row<?>> r = new ArrayList<>();
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        jdbc.sql("""
                SELECT c.name, s.name,
                       CASE WHEN s.scheduling_strategy = 'DAEMON'
                            THEN coalesce((SELECT d.desired_count FROM service_deployment d
                                           WHERE d.service_id = s.id AND d.status = 'PRIMARY'), 0)
                            ELSE s.desired_count END,
                       (SELECT count(*) FROM task t WHERE t.service_id = s.id AND t.last_status = 'RUNNING'),
                       (SELECT count(*) FROM task t WHERE t.service_id = s.id AND t.last_status IN ('PROVISIONING', 'PENDING'))
                FROM service s JOIN cluster c ON c.id = s.cluster_id
                WHERE s.status IN ('ACTIVE', 'DRAINING') AND c.status = 'ACTIVE'""")
                .query((rs, n) -> {
                    Tags tags = Tags.of("cluster", rs.getString(1), "service", rs.getString(2));
                    d.add(MultiGauge.Row.of(tags, rs.getInt(3)));
                    r.add(MultiGauge.Row.of(tags, rs.getLong(4)));
                    p.add(MultiGauge.Row.of(tags, rs.getLong(5)));
                    return tags;
                }).list();
        desired.register(d, true);
        running.register(r, true);
        pending.register(p, true);
    }

    private void refreshDeployments(List<ClusterRow> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (ClusterRow c : clusters) {
            for (Deployment.RolloutState s : Deployment.RolloutState.values()) {
                counts.put(List.of(c.name(), s.name()), 0L);
            }
        }
        jdbc.sql("""
                SELECT c.name, d.rollout_state, count(*) FROM service_deployment d
                JOIN service s ON s.id = d.service_id JOIN cluster c ON c.id = s.cluster_id
                WHERE d.status IN ('PRIMARY', 'ACTIVE') AND s.status <> 'INACTIVE' AND c.status = 'ACTIVE'
                GROUP BY c.name, d.rollout_state""")
                .query((rs, n) -> counts.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3))).list();
        deployments.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "rollout_state", e.getKey().get(1)), e.getValue())).toList(), true);
    }

    private void refreshInstances(List<ClusterRow> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (ClusterRow c : clusters) {
            counts.put(List.of(c.name(), "ACTIVE", "true"), 0L);
            counts.put(List.of(c.name(), "ACTIVE", "false"), 0L);
        }
        List<MultiGauge.Row<?>> cpuLeft = new ArrayList<>();
        List<MultiGauge.Row<?>> memoryLeft = new ArrayList<>();
        List<MultiGauge.Row<?>> cpu = new ArrayList<>();
        List<MultiGauge.Row<?>> memory = new ArrayList<>();
        jdbc.sql("""
                SELECT c.name, i.id, i.status, i.agent_connected, i.remaining_cpu, i.remaining_memory,
                       i.registered_cpu, i.registered_memory
                FROM container_instance i JOIN cluster c ON c.id = i.cluster_id
                WHERE i.status <> 'INACTIVE' AND c.status = 'ACTIVE'""")
                .query((rs, n) -> {
                    String cluster = rs.getString(1);
                    counts.merge(List.of(cluster, rs.getString(3), String.valueOf(rs.getBoolean(4))), 1L, Long::sum);
                    Tags tags = Tags.of("cluster", cluster, "host", rs.getString(2).trim());
                    cpuLeft.add(MultiGauge.Row.of(tags, rs.getInt(5) / 1024.0));
                    memoryLeft.add(MultiGauge.Row.of(tags, rs.getInt(6) * MIB));
                    cpu.add(MultiGauge.Row.of(tags, rs.getInt(7) / 1024.0));
                    memory.add(MultiGauge.Row.of(tags, rs.getInt(8) * MIB));
                    return cluster;
                }).list();
        instances.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "status", e.getKey().get(1), "agent_connected", e.getKey().get(2)),
                e.getValue())).toList(), true);
        remainingCpu.register(cpuLeft, true);
        remainingMemory.register(memoryLeft, true);
        registeredCpu.register(cpu, true);
        registeredMemory.register(memory, true);
    }
}
