package dev.gantry.reconcile;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.task.TaskLifecycle.StopCode;
import dev.gantry.task.TaskTransitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Task launch latency (request to RUNNING) and task stops by stop code, from the task feature's
 * events. A service task that stopped for any reason but the scheduler's own choice counts as a
 * replacement: the service scheduler starts another in its place.
 */
@Component
class TaskEventMeters {

    static final Duration[] LAUNCH_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final MeterRegistry meters;
    private final DatabaseClock clock;
    private final ClusterDirectory clusters;
    private final SchedulerMetrics scheduler;

    TaskEventMeters(MeterRegistry meters, ClusterDirectory clusters, SchedulerMetrics scheduler, DatabaseClock clock) {
        this.clock = clock;
        this.meters = meters;
        this.clusters = clusters;
        this.scheduler = scheduler;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStarted(TaskTransitions.TaskStarted event) {
        if (event.createdAt() == null) {
            return;
        }
        Duration latency = Duration.between(event.createdAt(), clock.now());
        Timer.builder("gantry.task.launch.duration").description("time from the task's request to RUNNING")
                .tag("cluster", clusters.nameOf(event.clusterId().value()))
                .tag("scheduler", event.serviceId() == null ? "run_task" : "service")
                .serviceLevelObjectives(LAUNCH_BUCKETS).register(meters)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStopped(TaskTransitions.TaskStopped event) {
        String stopCode = event.stopCode() == null ? "none" : event.stopCode().name();
        Counter.builder("gantry.task.stops").description("tasks that reached STOPPED, by stop code")
                .tag("cluster", clusters.nameOf(event.clusterId().value())).tag("stop_code", stopCode)
                .register(meters).increment();
        if (event.serviceId() != null && event.stopCode() != StopCode.ServiceSchedulerInitiated) {
            scheduler.replacement(event.clusterId().value(), stopCode);
        }
    }
}
