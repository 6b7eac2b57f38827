package dev.gantry.reconcile;

import dev.gantry.shared.ClusterId;
import dev.gantry.shared.InstanceId;
import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.docker.HostInfo;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.instance.InstanceEvents;
import dev.gantry.instance.InstanceProperties;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.task.Task;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskRepository;
import dev.gantry.task.TaskTransitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pings every engine of the clusters this replica leads. After {@code heartbeatFailures}
 * consecutive failures the agent counts as disconnected (placement then skips it, failure AGENT);
 * a short blip moves nothing. Disconnected for longer than {@code lossTimeout}, the host is lost:
 * its tasks are STOPPED (InfrastructureHealth) so services replace them elsewhere. When it
 * answers again, its host loop runs at once and removes the containers of those stopped tasks,
 * so nothing runs twice after a partition heals.
 */
@Component
class HeartbeatMonitor {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final ContainerInstanceRepository instances;
    private final InstanceDockerHosts hosts;
    private final TaskRepository tasks;
    private final TaskTransitions transitions;
    private final ClusterLeadership leadership;
    private final InstanceProperties properties;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final ClusterDirectory clusters;
    private final LeaseFence fence;
    private final EvictionGate evictions;
    private final LoopHealth loops;
    private final DatabaseClock clock;
    /** Pings run off the scheduler thread, at most one per instance at a time. */
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> pinging = ConcurrentHashMap.newKeySet();

    HeartbeatMonitor(ContainerInstanceRepository instances, InstanceDockerHosts hosts, TaskRepository tasks,
            TaskTransitions transitions, ClusterLeadership leadership, InstanceProperties properties,
            ApplicationEventPublisher events, MeterRegistry meters, ClusterDirectory clusters, LeaseFence fence,
            EvictionGate evictions, LoopHealth loops, DatabaseClock clock) {
        this.fence = fence;
        this.clock = clock;
        this.instances = instances;
        this.hosts = hosts;
        this.tasks = tasks;
        this.transitions = transitions;
        this.leadership = leadership;
        this.properties = properties;
        this.events = events;
        this.meters = meters;
        this.clusters = clusters;
        this.evictions = evictions;
        this.loops = loops;
        loops.register("heartbeat", properties.heartbeatInterval());
        loops.register("loss-check", Duration.ofSeconds(1));
    }

    /** Supervised passes (LoopHealth): a pass that throws is counted and the next one runs as scheduled. */
    @Scheduled(fixedDelayString = "${gantry.instances.heartbeat-interval:5s}")
    void supervisedBeat() {
        loops.pass("heartbeat", this::beat);
    }

    @Scheduled(fixedDelayString = "${gantry.instances.loss-check-interval:1s}")
    void supervisedLossCheck() {
        loops.pass("loss-check", this::declareLostHosts);
    }

    /** No ping runs now: a scenario test's step waits for this before it checks for lost hosts. */
    boolean idle() {
        return pinging.isEmpty();
    }

    void beat() {
        List<ContainerInstance> led = instances.listLive().stream().filter(i -> leadership.leads(i.clusterId())).toList();
        // Not waiting for the pings: an unreachable engine takes a connect timeout (or two, with the client's
        // retry), and @Scheduled fixed-delay methods share one scheduler thread with the lease renewal.
        for (ContainerInstance i : led) {
            if (pinging.add(i.id())) {
                pings.submit(() -> {
                    try {
                        BackgroundWork.run(BackgroundWork.Workload.HOSTS, () -> ping(i));
                    } finally {
                        pinging.remove(i.id());
                    }
                });
            }
        }
    }

    /**
     * Apart from the pings, and every second: a loss is declared within a second of the timeout rather than at
     * the next heartbeat, and hosts that went away together are declared lost together.
     */
    void declareLostHosts() {
        List<ContainerInstance> pastTimeout = instances.disconnectedLongerThan(properties.lossTimeout()).stream()
                .filter(i -> leadership.leads(i.clusterId())).toList();
        // the guard against mass eviction decides which of them may be declared lost now (EvictionGuard); only hosts
        // that still hold tasks compete for its rate: a host lost long ago would otherwise take every turn
        Set<String> holding = tasks.instancesWithActiveTasks(pastTimeout.stream().map(i -> new InstanceId(i.id())).toList())
                .stream().map(InstanceId::value).collect(java.util.stream.Collectors.toSet());
        List<ContainerInstance> lost = evictions.admit(EvictionGate.stillHoldingTasks(pastTimeout, holding));
        // one fenced transaction per cluster: a loss is declared on that cluster's lease, and only while it holds
        lost.stream().collect(java.util.stream.Collectors.groupingBy(ContainerInstance::clusterId))
                .forEach((clusterId, ofCluster) -> fence.current(clusterId).ifPresent(authority -> {
                    try {
                        declareLost(authority, ofCluster);
                    } catch (LeaseFence.Deposed e) {
                        log.info("Not declaring hosts of cluster {} lost: {}", clusterId, e.getMessage());
                    }
                }));
    }

    /**
     * A partitioned host does not refuse: a request on a pooled keep-alive connection just waits for the client's
     * 30 s response timeout. A ping that takes longer than this counts as failed.
     */
    private HostInfo describeWithin(ContainerInstance instance, Duration timeout) {
        Future<HostInfo> call = pings.submit(() -> hosts.forInstance(instance.id()).describe());
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @PreDestroy
    void shutdown() {
        pings.shutdownNow();
    }

    private void ping(ContainerInstance instance) {
        try {
            HostInfo info = describeWithin(instance, PING_TIMEOUT);
            if (EngineIdentity.replaced(instance.engineId(), info.engineId())) {
                engineReplaced(instance, info.engineId());
                return;
            }
            if (instance.heartbeatChangesSomething(clock.now())) {
                instances.recordHeartbeat(instance.id());
            }
            if (!instance.agentConnected()) {
                log.info("Container instance {} answers again", instance.id());
                events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(instance.clusterId()), new InstanceId(instance.id()), "reconnected"));
            }
        } catch (RuntimeException e) {
            Counter.builder("gantry.heartbeat.failures").description("failed engine pings")
                    .tag("cluster", clusters.nameOf(instance.clusterId())).tag("host", instance.id().trim())
                    .register(meters).increment();
            instances.recordHeartbeatFailure(instance.id(), properties.heartbeatFailures());
            if (instance.agentConnected() && instance.heartbeatFailures() + 1 >= properties.heartbeatFailures()) {
                log.warn("Container instance {} ({}) is disconnected: {}", instance.id(), instance.dockerEndpoint(), e.toString());
                events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(instance.clusterId()), new InstanceId(instance.id()), "disconnected"));
            }
        }
    }

    /**
     * Another engine answers at the instance's endpoint (a reinstalled host has a new Docker ID; so has another
     * machine that took its address). Its containers are not the registered engine's, and adopting it would let host
     * passes remove or restart what they find there: the instance stays disconnected, says why, and is declared lost
     * after the loss timeout like any host that does not answer.
     */
    private void engineReplaced(ContainerInstance instance, String observed) {
        String reason = EngineIdentity.reason(instance.dockerEndpoint(), instance.engineId(), observed);
        if (instances.recordEngineReplaced(new InstanceId(instance.id()), observed, reason)) {
            log.warn("Container instance {}: {}", instance.id(), reason);
            Counter.builder("gantry.instances.engine.replaced").description("endpoints found answering with another engine's Docker ID")
                    .tag("cluster", clusters.nameOf(instance.clusterId())).register(meters).increment();
            events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(instance.clusterId()), new InstanceId(instance.id()), "engine-replaced"));
        }
    }

    private void declareLost(LeaseFence.Authority authority, List<ContainerInstance> lost) {
        Map<InstanceId, List<Task>> stranded = new HashMap<>();
        tasks.activeOnInstances(lost.stream().map(i -> new InstanceId(i.id())).toList())
                .forEach(t -> stranded.computeIfAbsent(t.containerInstanceId(), k -> new ArrayList<>()).add(t));
        List<TaskTransitions.HostStop> stops = new ArrayList<>();
        Map<InstanceId, ContainerInstance> byId = new HashMap<>();
        for (ContainerInstance i : lost) {
            InstanceId id = new InstanceId(i.id());
            byId.put(id, i);
            List<Task> onIt = stranded.get(id);
            if (onIt != null) {
                stops.add(new TaskTransitions.HostStop(id, onIt, "Host lost: container instance " + i.id() + " ("
                        + i.dockerEndpoint() + ") has not answered since " + i.disconnectedAt()));
            }
        }
        if (stops.isEmpty()) {
            return;
        }
        Map<InstanceId, Integer> stopped = fence.run(authority,
                a -> transitions.stopAllNow(stops, StopCause.HOST_LOST, a.epoch()));
        for (TaskTransitions.HostStop s : stops) {
            int n = stopped.getOrDefault(s.instanceId(), 0);
            if (n > 0) {
                Counter.builder("gantry.instances.lost").description("hosts declared lost")
                        .tag("cluster", clusters.nameOf(byId.get(s.instanceId()).clusterId())).register(meters).increment();
                log.warn("{}; {} tasks marked STOPPED for replacement", s.reason(), n);
            }
        }
    }
}
