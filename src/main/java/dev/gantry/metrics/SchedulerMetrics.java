package dev.gantry.metrics;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.placement.Reasons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Set;
import java.util.function.LongFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counters the schedulers and loops record as things happen: placement failures by reason,
 * service task replacements, circuit-breaker trips and reconcile passes per cluster.
 */
@Component
public class SchedulerMetrics {

    /** Placement reasons are tag values: anything outside this set is counted as OTHER. */
    private static final Set<String> KNOWN_REASONS = Set.of(Reasons.AGENT, Reasons.ATTRIBUTE, Reasons.CPU, Reasons.MEMORY,
            Reasons.PORTS, Reasons.MISSING, "INACTIVE", "RESOURCE:CONCURRENT_UPDATE");

    private final MeterRegistry meters;
    private final LongFunction<String> clusterNames;

    @Autowired
    SchedulerMetrics(MeterRegistry meters, ClusterDirectory clusters) {
        this(meters, clusters::nameOf);
    }

    SchedulerMetrics(MeterRegistry meters, LongFunction<String> clusterNames) {
        this.meters = meters;
        this.clusterNames = clusterNames;
    }

    /** One count per task that could not be placed; {@code scheduler} is {@code service} or {@code run_task}. */
    public void placementFailures(long clusterId, String scheduler, Collection<String> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        String cluster = clusterNames.apply(clusterId);
        for (String reason : reasons) {
            Counter.builder("gantry.placement.failures").description("tasks that could not be placed, by reason")
                    .tag("cluster", cluster).tag("scheduler", scheduler).tag("reason", reasonTag(reason))
                    .register(meters).increment();
        }
    }

    /** A service task is being replaced ({@code cause}: its stop code, or UnhealthyTask). */
    public void replacement(long clusterId, String cause) {
        Counter.builder("gantry.service.replacements").description("service tasks replaced after they stopped or failed health checks")
                .tag("cluster", clusterNames.apply(clusterId)).tag("cause", cause).register(meters).increment();
    }

    public void circuitBreakerTripped(long clusterId, boolean rollback) {
        Counter.builder("gantry.deployment.circuit.breaker.trips").description("deployments failed by the circuit breaker")
                .tag("cluster", clusterNames.apply(clusterId)).tag("rollback", String.valueOf(rollback))
                .register(meters).increment();
    }

    /** One reconcile pass of a cluster's host or service ({@code outcome}: success or error). */
    public void reconcilePass(String reconciler, long clusterId, boolean success) {
        Counter.builder("gantry.reconcile.passes").description("reconcile passes run by this replica")
                .tag("reconciler", reconciler).tag("cluster", clusterNames.apply(clusterId))
                .tag("outcome", success ? "success" : "error").register(meters).increment();
    }

    static String reasonTag(String reason) {
        if (reason == null) {
            return "OTHER";
        }
        return switch (reason) {
            case Reasons.DISTINCT_INSTANCE -> "DistinctInstance";
            case Reasons.MEMBER_OF -> "MemberOf";
            case Reasons.MAX_PER_INSTANCE -> "MaxPerInstance";
            case Reasons.NO_INSTANCES -> "NoContainerInstances";
            default -> KNOWN_REASONS.contains(reason) ? reason : "OTHER";
        };
    }
}
