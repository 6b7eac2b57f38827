package dev.gantry.reconcile;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceProperties;
import dev.gantry.service.ServiceEvents;
import dev.gantry.service.ServiceRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stands between "these hosts have been disconnected longer than the loss timeout" and declaring them lost: per
 * cluster it asks {@link EvictionGuard} how many may go now, and keeps the rest waiting. While a cluster's evictions
 * are suspended it says so loudly: {@code gantry_eviction_suspended{cluster}} is 1 (alert GantryEvictionSuspended),
 * every live service of the cluster gets an event, and the log a warning. The decision's inputs are read in one
 * query, with the database's clock.
 */
@Component
class EvictionGate {

    private static final Logger log = LoggerFactory.getLogger(EvictionGate.class);

    private final JdbcClient jdbc;
    private final ContainerInstanceRepository instances;
    private final ClusterLeadership leadership;
    private final InstanceProperties instanceProperties;
    private final EvictionProperties settings;
    private final ServiceRepository services;
    private final ServiceEvents events;
    private final ClusterDirectory clusters;
    private final MeterRegistry meters;
    private final LeaseFence fence;
    private final Map<Long, Instant> lastEviction = new ConcurrentHashMap<>();
    private final Map<Long, EvictionGuard.State> lastState = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> suspendedGauges = new ConcurrentHashMap<>();

    EvictionGate(JdbcClient jdbc, ContainerInstanceRepository instances, ClusterLeadership leadership, InstanceProperties instanceProperties,
            EvictionProperties settings, ServiceRepository services, ServiceEvents events, ClusterDirectory clusters,
            MeterRegistry meters, LeaseFence fence) {
        this.fence = fence;
        this.jdbc = jdbc;
        this.instances = instances;
        this.leadership = leadership;
        this.instanceProperties = instanceProperties;
        this.settings = settings;
        this.services = services;
        this.events = events;
        this.clusters = clusters;
        this.meters = meters;
    }

    /**
     * The hosts past the loss timeout that still hold a task not yet STOPPED. A host already declared lost keeps its
     * row (disconnected, past the timeout) until it is deregistered; it must not compete with hosts that went away
     * later, or the bounded eviction rate would spend every turn on it and never reach theirs.
     */
    static List<ContainerInstance> stillHoldingTasks(List<ContainerInstance> pastTimeout, Set<String> withActiveTasks) {
        return pastTimeout.stream().filter(i -> withActiveTasks.contains(i.id())).toList();
    }

    /**
     * One cluster's inputs: the instance counts (from the instance module) and, read right after them, this
     * replica's lease start and the database's clock, so no count is older than the instant it is judged at by more
     * than one round trip.
     */
    record ClusterHealth(long clusterId, int total, int unreachable, Instant leadingSince, Instant now) {
    }

    List<ClusterHealth> health(Set<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        Map<Long, ContainerInstanceRepository.Reachability> counts = instances.reachability(clusterIds);
        if (counts.isEmpty()) {
            return List.of();
        }
        Map<Long, Instant> since = new HashMap<>();
        Instant now = jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
        jdbc.sql("SELECT cluster_id, acquired_at FROM cluster_lease WHERE holder = :me AND cluster_id IN (:c)")
                .param("me", leadership.replicaId()).param("c", List.copyOf(counts.keySet()))
                .query((rs, n) -> since.put(rs.getLong(1), instant(rs.getTimestamp(2)))).list();
        List<ClusterHealth> health = new ArrayList<>();
        counts.forEach((clusterId, c) -> health.add(
                new ClusterHealth(clusterId, c.total(), c.unreachable(), since.get(clusterId), now)));
        return health;
    }

    /**
     * Of {@code candidates} (hosts past the loss timeout in clusters this replica leads), those that may be declared
     * lost now, oldest disconnection first. Also refreshes the suspension gauge of every led cluster.
     */
    List<ContainerInstance> admit(List<ContainerInstance> candidates) {
        Map<Long, List<ContainerInstance>> byCluster = candidates.stream()
                .sorted(Comparator.comparing(ContainerInstance::disconnectedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .collect(Collectors.groupingBy(ContainerInstance::clusterId, HashMap::new, Collectors.toList()));
        Set<Long> led = leadership.currentlyLed();
        List<ContainerInstance> admitted = new ArrayList<>();
        for (ClusterHealth h : health(led)) {
            List<ContainerInstance> waiting = byCluster.getOrDefault(h.clusterId(), List.of());
            EvictionGuard.Decision d = EvictionGuard.decide(h.total(), h.unreachable(), waiting.size(),
                    lastEviction.get(h.clusterId()), h.leadingSince(), h.now(), instanceProperties.failoverGrace(), settings);
            boolean resumed = report(h, d, waiting);
            if (resumed) {
                // Hosts come back one by one after a partition heals: the first to answer brings the share below the
                // threshold while the others, a moment from answering, are long past the loss timeout. As Kubernetes
                // does on leaving full disruption, every host still disconnected gets a fresh loss timeout.
                // on the lease's authority, as every write of the holder (a deposed one must not move the windows)
                fence.current(h.clusterId()).ifPresent(authority -> {
                    try {
                        fence.execute(authority, a -> instances.restartDisconnectionWindows(h.clusterId()));
                    } catch (LeaseFence.Deposed e) {
                        log.info("Not restarting the loss windows of cluster {}: {}", h.clusterId(), e.getMessage());
                    }
                });
            } else if (d.evictNow() > 0 && !waiting.isEmpty()) {
                // the rate counts declarations made, not turns: a turn with nobody waiting costs nothing
                admitted.addAll(waiting.subList(0, Math.min(d.evictNow(), waiting.size())));
                lastEviction.put(h.clusterId(), h.now());
            }
        }
        // clusters no longer led (or emptied) are not suspended by this replica
        suspendedGauges.forEach((cluster, gauge) -> {
            if (!led.contains(cluster)) {
                gauge.set(0);
                lastState.remove(cluster);
            }
        });
        return admitted;
    }

    /** Gauge, log and events; true when the cluster's evictions resume after a suspension. */
    private boolean report(ClusterHealth h, EvictionGuard.Decision d, List<ContainerInstance> waiting) {
        gauge(h.clusterId()).set(d.suspended() ? 1 : 0);
        EvictionGuard.State before = lastState.put(h.clusterId(), d.state());
        if (d.state() == before) {
            return false;
        }
        String cluster = clusters.nameOf(h.clusterId());
        if (d.suspended()) {
            log.warn("Cluster {}: host-loss evictions suspended: {}; {} host(s) past the loss timeout keep their tasks",
                    cluster, d.reason(), waiting.size());
            ServiceEvents.Sentence sentence = ServiceEvents.evictionsSuspended(d.reason());
            services.liveServiceIds(h.clusterId()).forEach(id -> services.find(id).ifPresent(s -> events.record(s, sentence)));
        } else if (before == EvictionGuard.State.SUSPENDED) {
            log.warn("Cluster {}: host-loss evictions resumed ({}): {}; hosts still disconnected get a fresh loss timeout",
                    cluster, d.state(), d.reason());
            return true;
        } else if (d.state() == EvictionGuard.State.PARTIAL_DISRUPTION) {
            log.warn("Cluster {}: partly disrupted, hosts are declared lost at the secondary rate: {}", cluster, d.reason());
        }
        return false;
    }

    private AtomicInteger gauge(long clusterId) {
        return suspendedGauges.computeIfAbsent(clusterId, id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("gantry.eviction.suspended", value, AtomicInteger::get)
                    .description("1 while host-loss evictions of the cluster are suspended (too many hosts unreachable at once)")
                    .tag("cluster", clusters.nameOf(id)).register(meters);
            return value;
        });
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
