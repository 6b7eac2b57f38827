package dev.gantry.reconcile;

import dev.gantry.docker.DockerHost;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.instance.InstanceEvents;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.task.TaskEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private final Duration resyncInterval;
    private final LoopHealth loops;
    /** Docker events are hints; a burst of them within this window makes one host pass. */
    private static final Duration EVENT_DEBOUNCE = Duration.ofMillis(200);

    HostLoops(HostReconciler reconciler, ContainerInstanceRepository instances, InstanceDockerHosts hosts,
            ClusterLeadership leadership, MeterRegistry meters, SchedulerMetrics metrics, ReconcilerProperties properties,
            LoopHealth loops) {
        this.resyncInterval = properties.resyncInterval();
        this.loops = loops;
        loops.register("host-resync", resyncInterval);
        this.metrics = metrics;
        this.reconciler = reconciler;
        this.instances = instances;
        this.hosts = hosts;
        this.leadership = leadership;
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
            return Reconciler.Outcome.done();
        }
        Reconciler.Outcome outcome;
        try {
            outcome = reconciler.reconcile(instance.get());
        } catch (Exception | AssertionError e) {
            metrics.reconcilePass("host", instance.get().clusterId(), false);
            throw e;
        }
        metrics.reconcilePass("host", instance.get().clusterId(), true);
        if (instance.get().agentConnected() && instance.get().status() != ContainerInstance.Status.INACTIVE) {
            subscribe(instanceId);
        } else {
            unsubscribe(instanceId);
        }
        return outcome;
    }

    @Scheduled(fixedDelayString = "${gantry.reconcile.resync-interval:10s}", initialDelayString = "${gantry.reconcile.initial-delay:1s}")
    void supervisedResync() {
        loops.pass("host-resync", this::resync);
    }

    void resync() {
        List<String> led = instances.listLive().stream().filter(i -> leadership.leads(i.clusterId())).map(ContainerInstance::id).toList();
        ReconcileQueue.spread(led, resyncInterval, queue::triggerSoon);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTasksChanged(TaskEvents.HostWorkChanged event) {
        event.instanceIds().forEach(queue::trigger);
    }

    /** New tasks start launching now, on the thread that placed them, without waiting for their hosts' passes. */
    @TransactionalEventListener(fallbackExecution = true)
    void onTasksPlaced(TaskEvents.TasksPlaced event) {
        if (leadership.leads(event.clusterId())) {
            event.tasks().forEach(reconciler::launchPlaced);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onInstanceChanged(InstanceEvents.InstanceChanged event) {
        queue.trigger(event.instanceId());
    }

    private void subscribe(String instanceId) {
        subscriptions.computeIfAbsent(instanceId, id -> {
            try {
                return hosts.forInstance(id).events(e -> {
                    if (e.changesState()) {
                        queue.triggerSoon(id, EVENT_DEBOUNCE);
                    }
                }, error -> {
                    log.debug("Docker event stream of {} ended: {}", id, error.toString());
                    unsubscribe(id);
                });
            } catch (RuntimeException e) {
                return null;
            }
        });
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
        subscriptions.keySet().forEach(this::unsubscribe);
    }
}
