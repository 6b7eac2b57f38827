package dev.gantry.reconcile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.instance.InstanceEvents;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.service.ServiceManagement;
import dev.gantry.service.ServiceRepository;
import dev.gantry.task.TaskTransitions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drives {@link ServiceReconciler}: one queue key per service, woken by service writes, task
 * starts and stops, and instance changes, and resynced on a timer.
 */
@Component
class ServiceLoops {

    private final ReconcileQueue<Long> queue;
    private final ServiceRepository services;
    private final ClusterLeadership leadership;
    private final SchedulerMetrics metrics;
    private final ServiceProperties properties;
    private final LoopHealth loops;
    private static final Duration STARTED_DEBOUNCE = Duration.ofMillis(250);
    /** service id → cluster id, for counting passes per cluster; bounded, so deleted services age out */
    private final Cache<Long, Long> clusterOf = Caffeine.newBuilder().maximumSize(100_000).build();

    ServiceLoops(ServiceReconciler reconciler, ServiceRepository services, ClusterLeadership leadership,
            MeterRegistry meters, SchedulerMetrics metrics, ServiceProperties properties, LoopHealth loops) {
        this.properties = properties;
        this.loops = loops;
        loops.register("service-resync", properties.resyncInterval());
        this.metrics = metrics;
        this.services = services;
        this.leadership = leadership;
        Timer timer = Timer.builder("gantry.reconcile.duration").tag("reconciler", "service")
                .publishPercentileHistogram().register(meters);
        this.queue = new ReconcileQueue<>("service", BackgroundWork.Workload.SCHEDULER, id -> counted(reconciler, id), Duration.ofMillis(500),
                Duration.ofSeconds(30), timer::record, loops);
    }

    private Reconciler.Outcome counted(ServiceReconciler reconciler, Long serviceId) {
        Long cluster = clusterOf.getIfPresent(serviceId);
        try {
            Reconciler.Outcome outcome = reconciler.reconcile(serviceId);
            if (cluster != null) {
                metrics.reconcilePass("service", cluster, true);
            }
            return outcome;
        } catch (RuntimeException | AssertionError e) {
            if (cluster != null) {
                metrics.reconcilePass("service", cluster, false);
            }
            throw e;
        }
    }

    @Scheduled(fixedDelayString = "${gantry.services.resync-interval:5s}", initialDelayString = "${gantry.reconcile.initial-delay:1s}")
    void supervisedResync() {
        loops.pass("service-resync", this::resync);
    }

    void resync() {
        List<Long> due = new ArrayList<>();
        for (Long cluster : leadership.currentlyLed()) {
            services.liveServiceIds(cluster).forEach(id -> {
                clusterOf.put(id, cluster);
                due.add(id);
            });
        }
        ReconcileQueue.spread(due, properties.resyncInterval(), queue::triggerSoon);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onServiceChanged(ServiceManagement.ServiceChanged event) {
        clusterOf.put(event.serviceId(), event.clusterId());
        queue.trigger(event.serviceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStopped(TaskTransitions.TaskStopped event) {
        if (event.serviceId() != null) {
            queue.trigger(event.serviceId().value());
        }
    }

    /**
     * A started task may let a rollout move on, but a service's tasks start in bursts (a host launches what
     * a pass placed on it): one pass within {@link #STARTED_DEBOUNCE} answers the whole burst.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStarted(TaskTransitions.TaskStarted event) {
        if (event.serviceId() != null) {
            queue.triggerSoon(event.serviceId().value(), STARTED_DEBOUNCE);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onInstanceChanged(InstanceEvents.InstanceChanged event) {
        services.liveServiceIds(event.clusterId().value()).forEach(queue::trigger);
    }

    @PreDestroy
    void shutdown() {
        queue.close();
    }
}
