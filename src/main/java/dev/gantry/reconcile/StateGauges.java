package dev.gantry.reconcile;

import dev.gantry.cluster.ClusterQueries;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.service.Deployment;
import dev.gantry.service.ServiceCounts;
import dev.gantry.task.TaskCounts;
import dev.gantry.task.TaskLifecycle.LastStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of the stored state (tasks, services, deployments, container instances, leases), refreshed
 * from a few aggregate queries every {@code gantry.metrics.refresh-interval} rather than per scrape,
 * each published by the module that owns the table ({@link TaskCounts}, {@link ServiceCounts}, the instance and
 * cluster queries),
 * so a scrape never waits on the database. Every replica reports the same stored state; aggregate
 * across replicas with {@code max}, not {@code sum}. Per-cluster series are reported for every
 * ACTIVE cluster with zeros where nothing matches, so alerts see a value rather than no series.
 */
@Component
class StateGauges {

    private static final Logger log = LoggerFactory.getLogger(StateGauges.class);
    private static final double MIB = 1024.0 * 1024.0;
    private static final List<ContainerInstance.Status> LIVE_INSTANCES =
            List.of(ContainerInstance.Status.ACTIVE, ContainerInstance.Status.DRAINING);

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
    private final TaskCounts taskCounts;
    private final ServiceCounts serviceCounts;
    private final ContainerInstanceRepository instanceRows;

    StateGauges(JdbcClient jdbc, ClusterLeadership leadership, MeterRegistry meters, LoopHealth loops,
            @Value("${gantry.metrics.refresh-interval:5s}") Duration interval, TaskCounts taskCounts,
            ServiceCounts serviceCounts, ContainerInstanceRepository instanceRows) {
        this.loops = loops;
        this.taskCounts = taskCounts;
        this.serviceCounts = serviceCounts;
        this.instanceRows = instanceRows;
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

    @Scheduled(fixedDelayString = "${gantry.metrics.refresh-interval:5s}", initialDelay = 0)
    void supervisedRefresh() {
        loops.pass("metrics-refresh", this::refresh);
    }

    void refresh() {
        try {
            List<ClusterQueries.Named> clusters = ClusterQueries.activeClusters(jdbc);
            Map<Long, String> names = new LinkedHashMap<>();
            clusters.forEach(c -> names.put(c.id(), c.name()));
            refreshTasks(names);
            refreshServices(names);
            refreshDeployments(names);
            refreshInstances(names);
            List<MultiGauge.Row<?>> leases = new ArrayList<>();
            for (ClusterQueries.Named c : clusters) {
                leases.add(MultiGauge.Row.of(Tags.of("cluster", c.name()), leadership.leads(c.id()) ? 1 : 0));
            }
            leaseHeld.register(leases, true);
        } catch (RuntimeException e) {
            log.debug("Could not refresh state gauges: {}", e.toString());
        }
    }

    private void refreshTasks(Map<Long, String> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        clusters.values().forEach(name -> {
            for (LastStatus s : LastStatus.values()) {
                counts.put(List.of(name, s.name()), 0L);
            }
        });
        for (TaskCounts.ByStatus row : taskCounts.byClusterAndStatus(clusters.keySet())) {
            counts.put(List.of(clusters.get(row.clusterId()), row.lastStatus()), row.count());
        }
        tasks.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "last_status", e.getKey().get(1)), e.getValue())).toList(), true);
    }

    private void refreshServices(Map<Long, String> clusters) {
        List<MultiGauge.Row<?>> d = new ArrayList<>();
        List<MultiGauge.Row<?>> r = new ArrayList<>();
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        List<ServiceCounts.Desired> live = serviceCounts.liveServices(clusters.keySet());
        Map<Long, TaskCounts.Counts> byService = taskCounts.byService(
                live.stream().map(ServiceCounts.Desired::serviceId).toList());
        for (ServiceCounts.Desired s : live) {
            Tags tags = Tags.of("cluster", clusters.get(s.clusterId()), "service", s.name());
            TaskCounts.Counts c = byService.getOrDefault(s.serviceId(), TaskCounts.Counts.NONE);
            d.add(MultiGauge.Row.of(tags, s.desiredCount()));
            r.add(MultiGauge.Row.of(tags, c.running()));
            p.add(MultiGauge.Row.of(tags, c.pending()));
        }
        desired.register(d, true);
        running.register(r, true);
        pending.register(p, true);
    }

    private void refreshDeployments(Map<Long, String> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        clusters.values().forEach(name -> {
            for (Deployment.RolloutState s : Deployment.RolloutState.values()) {
                counts.put(List.of(name, s.name()), 0L);
            }
        });
        for (ServiceCounts.Deployments row : serviceCounts.deploymentsByRolloutState(clusters.keySet())) {
            counts.put(List.of(clusters.get(row.clusterId()), row.rolloutState().name()), row.count());
        }
        deployments.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "rollout_state", e.getKey().get(1)), e.getValue())).toList(), true);
    }

    private void refreshInstances(Map<Long, String> clusters) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        clusters.values().forEach(name -> {
            counts.put(List.of(name, "ACTIVE", "true"), 0L);
            counts.put(List.of(name, "ACTIVE", "false"), 0L);
        });
        List<MultiGauge.Row<?>> cpuLeft = new ArrayList<>();
        List<MultiGauge.Row<?>> memoryLeft = new ArrayList<>();
        List<MultiGauge.Row<?>> cpu = new ArrayList<>();
        List<MultiGauge.Row<?>> memory = new ArrayList<>();
        clusters.forEach((clusterId, cluster) -> {
            for (ContainerInstance i : instanceRows.listByCluster(clusterId, LIVE_INSTANCES)) {
                counts.merge(List.of(cluster, i.status().name(), String.valueOf(i.agentConnected())), 1L, Long::sum);
                Tags tags = Tags.of("cluster", cluster, "host", i.id().trim());
                cpuLeft.add(MultiGauge.Row.of(tags, i.remainingCpu() / 1024.0));
                memoryLeft.add(MultiGauge.Row.of(tags, i.remainingMemory() * MIB));
                cpu.add(MultiGauge.Row.of(tags, i.registeredCpu() / 1024.0));
                memory.add(MultiGauge.Row.of(tags, i.registeredMemory() * MIB));
            }
        });
        instances.register(counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                Tags.of("cluster", e.getKey().get(0), "status", e.getKey().get(1), "agent_connected", e.getKey().get(2)),
                e.getValue())).toList(), true);
        remainingCpu.register(cpuLeft, true);
        remainingMemory.register(memoryLeft, true);
        registeredCpu.register(cpu, true);
        registeredMemory.register(memory, true);
    }
}
