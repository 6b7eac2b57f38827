package dev.gantry.reconcile;

import dev.gantry.docker.DockerHost;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.instance.InstanceEvents;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.task.TaskEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drives {@link HostReconciler}: one queue key per container instance, woken by task writes,
 * instance changes and Docker events, and resynced on a timer so nothing depends on an event
 * arriving. Holds one Docker event subscription per connected host.
 *
 * <p>Rules that make a container's death reach its task without waiting for the resync:
 * <ol>
 *   <li>A pass subscribes (when it has no subscription) <em>before</em> it lists the host, and a subscription
 *       counts only once the engine has answered it: an exit is either in the listing or arrives as an event.</li>
 *   <li>A stream that ends (engine restart, dropped connection) is dropped and a pass is asked for at once: that
 *       pass resubscribes and re-lists, so exits while the stream was down are found by the listing.</li>
 *   <li>When the heartbeat sees the host disconnect or answer again, the subscription is renewed: a stream over a
 *       connection that died silently (a partition) would otherwise deliver nothing, and end nothing.</li>
 *   <li>A connected host whose stream cannot be opened is listed every {@link #WITHOUT_STREAM} until it can: without
 *       events, listing is the only way to see an exit before the resync.</li>
 *   <li>A die event's container is handed to the next pass, which inspects it if the engine's listing still shows it
 *       running: the listing is a snapshot that lags the events on a busy engine, and trusting it made such an exit
 *       wait for the resync.</li>
 *   <li>Taking a cluster's lease gives its hosts a pass at once (and with it their streams).</li>
 * </ol>
 */
@Component
class HostLoops {

    private static final Logger log = LoggerFactory.getLogger(HostLoops.class);

    private final HostReconciler reconciler;
    private final ReconcileQueue<String> queue;
    private final ContainerInstanceRepository instances;
    private final InstanceDockerHosts hosts;
    private final ClusterLeadership leadership;
    private final SchedulerMetrics metrics;
    private final Map<String, DockerHost.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> exitsByHost = new ConcurrentHashMap<>();
    private volatile Set<Long> ledBefore = Set.of();
    private final Duration resyncInterval;
    private final Counter streamsOpened;
    private final Counter streamsEnded;
    private final LoopHealth loops;
    /** Docker events are hints; a burst of them within this window makes one host pass. */
    private static final Duration EVENT_DEBOUNCE = Duration.ofMillis(200);
    /** Rule 4: how often a host whose event stream cannot be opened is listed instead. */
    static final Duration WITHOUT_STREAM = Duration.ofSeconds(1);

    HostLoops(HostReconciler reconciler, ContainerInstanceRepository instances, InstanceDockerHosts hosts,
            ClusterLeadership leadership, MeterRegistry meters, SchedulerMetrics metrics, ReconcilerProperties properties,
            LoopHealth loops) {
        this.resyncInterval = properties.resyncInterval();
        this.loops = loops;
        loops.register("host-resync", resyncInterval);
        loops.register("host-new-leases", Duration.ofSeconds(1));
        this.metrics = metrics;
        this.reconciler = reconciler;
        this.instances = instances;
        this.hosts = hosts;
        this.leadership = leadership;
        this.streamsOpened = Counter.builder("gantry.docker.event_streams.opened")
                .description("Docker event subscriptions opened, all hosts").register(meters);
        this.streamsEnded = Counter.builder("gantry.docker.event_streams.ended")
                .description("Docker event streams that ended without being closed, all hosts").register(meters);
        Timer timer = Timer.builder("gantry.reconcile.duration").tag("reconciler", "host")
                .publishPercentileHistogram().register(meters);
        this.queue = new ReconcileQueue<>("host", BackgroundWork.Workload.HOSTS, this::reconcileIfLeading,
                Duration.ofMillis(500), Duration.ofSeconds(30), timer::record, loops);
        reconciler.attach(queue);
    }

    private Reconciler.Outcome reconcileIfLeading(String instanceId) throws Exception {
        var instance = instances.findById(instanceId);
        if (instance.isEmpty() || !leadership.leads(instance.get().clusterId())) {
            unsubscribe(instanceId);
            exitsByHost.remove(instanceId);
            return Reconciler.Outcome.done();
        }
        boolean subscribed = instance.get().agentConnected() && instance.get().status() != ContainerInstance.Status.INACTIVE;
        if (subscribed) {
            subscribe(instanceId);
        } else {
            unsubscribe(instanceId);
        }
        Set<String> exits = drainReportedExits(instanceId);
        Reconciler.Outcome outcome;
        try {
            outcome = reconciler.reconcile(instance.get(), exits);
        } catch (Exception | AssertionError e) {
            exits.forEach(id -> reportedExits(instanceId).add(id));
            metrics.reconcilePass("host", instance.get().clusterId(), false);
            throw e;
        }
        metrics.reconcilePass("host", instance.get().clusterId(), true);
        return subscribed && !subscriptions.containsKey(instanceId) ? sooner(outcome, WITHOUT_STREAM) : outcome;
    }

    @Scheduled(fixedDelayString = "${gantry.reconcile.resync-interval:10s}", initialDelayString = "${gantry.reconcile.initial-delay:1s}")
    void supervisedResync() {
        loops.pass("host-resync", this::resync);
    }

    void resync() {
        List<String> led = instances.listLive().stream().filter(i -> leadership.leads(i.clusterId())).map(ContainerInstance::id).toList();
        ReconcileQueue.spread(led, resyncInterval, queue::triggerSoon);
    }

    /**
     * Rule 6: the hosts of a cluster whose lease this replica just took get a pass at once, which subscribes to their
     * events. Without it they had no stream (and their exits waited) until the first resync that saw the lease: with
     * the lease taken just after a resync, a whole interval. Costs a query only when the set of led clusters grows.
     */
    @Scheduled(fixedDelay = 1000, initialDelayString = "${gantry.reconcile.initial-delay:1s}")
    void supervisedPassHostsOfNewlyLedClusters() {
        loops.pass("host-new-leases", this::passHostsOfNewlyLedClusters);
    }

    void passHostsOfNewlyLedClusters() {
        Set<Long> led = leadership.currentlyLed();
        Set<Long> gained = newlyLed(ledBefore, led);
        ledBefore = led;
        if (!gained.isEmpty()) {
            instances.listLive().stream().filter(i -> gained.contains(i.clusterId())).forEach(i -> queue.trigger(i.id()));
        }
    }

    static Set<Long> newlyLed(Set<Long> before, Set<Long> now) {
        Set<Long> gained = new java.util.HashSet<>(now);
        gained.removeAll(before);
        return gained;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTasksChanged(TaskEvents.HostWorkChanged event) {
        event.instanceIds().forEach(queue::trigger);
    }

    /** New tasks start launching now, on the thread that placed them, without waiting for their hosts' passes. */
    @TransactionalEventListener(fallbackExecution = true)
    void onTasksPlaced(TaskEvents.TasksPlaced event) {
        if (leadership.leads(event.clusterId().value())) {
            event.tasks().forEach(reconciler::launchPlaced);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onInstanceChanged(InstanceEvents.InstanceChanged event) {
        if (renewsSubscription(event.what())) {
            unsubscribe(event.instanceId().value());
        }
        queue.trigger(event.instanceId().value());
    }

    /** The earlier of the pass's own requeue and {@code limit}. */
    static Reconciler.Outcome sooner(Reconciler.Outcome outcome, Duration limit) {
        if (outcome instanceof Reconciler.Outcome.RequeueAfter(Duration delay) && delay.compareTo(limit) <= 0) {
            return outcome;
        }
        return Reconciler.Outcome.after(limit);
    }

    /** The heartbeat's verdicts (see {@code HeartbeatMonitor}): the engine connection may have died under the stream. */
    static boolean renewsSubscription(String what) {
        return "disconnected".equals(what) || "reconnected".equals(what);
    }

    private void subscribe(String instanceId) {
        subscriptions.computeIfAbsent(instanceId, id -> {
            try {
                DockerHost.Subscription opened = hosts.forInstance(id).events(e -> {
                    log.debug("Docker event {} of container {} on {}", e.action(), e.containerId(), id);
                    if ("die".equals(e.action())) {
                        reportedExits(id).add(e.containerId());
                    }
                    if (e.changesState()) {
                        queue.triggerSoon(id, EVENT_DEBOUNCE);
                    }
                }, error -> streamEnded(id, error));
                streamsOpened.increment();
                return opened;
            } catch (RuntimeException e) {
                log.debug("Docker event stream of {} not opened: {}", id, e.toString());
                return null;
            }
        });
    }

    private Set<String> reportedExits(String instanceId) {
        return exitsByHost.computeIfAbsent(instanceId, id -> ConcurrentHashMap.newKeySet());
    }

    /** Rule 5: the containers whose die event arrived since the last pass, for that pass to confirm. */
    private Set<String> drainReportedExits(String instanceId) {
        Set<String> reported = exitsByHost.remove(instanceId);
        return reported == null ? Set.of() : Set.copyOf(reported);
    }

    /** Rule 2: the pass asked for here resubscribes and re-lists the host. */
    private void streamEnded(String instanceId, Throwable error) {
        log.info("Docker event stream of {} ended ({}); resubscribing and re-listing the host", instanceId, error.toString());
        streamsEnded.increment();
        unsubscribe(instanceId);
        queue.trigger(instanceId);
    }

    private void unsubscribe(String instanceId) {
        DockerHost.Subscription s = subscriptions.remove(instanceId);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // the stream is already gone
            }
        }
    }

    void trigger(String instanceId) {
        queue.trigger(instanceId);
    }

    @PreDestroy
    void shutdown() {
        queue.close();
        exitsByHost.clear();
        subscriptions.keySet().forEach(this::unsubscribe);
    }
}
