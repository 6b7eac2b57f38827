package dev.gantry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.Reasons;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerMetricsTest {

    @Test
    void placementReasonsBecomeShortBoundedTags() {
        assertThat(SchedulerMetrics.reasonTag(Reasons.MEMORY)).isEqualTo("RESOURCE:MEMORY");
        assertThat(SchedulerMetrics.reasonTag(Reasons.MEMBER_OF)).isEqualTo("MemberOf");
        assertThat(SchedulerMetrics.reasonTag(Reasons.DISTINCT_INSTANCE)).isEqualTo("DistinctInstance");
        assertThat(SchedulerMetrics.reasonTag(Reasons.NO_INSTANCES)).isEqualTo("NoContainerInstances");
        assertThat(SchedulerMetrics.reasonTag("something with an id 6f1c2a")).isEqualTo("OTHER");
        assertThat(SchedulerMetrics.reasonTag(null)).isEqualTo("OTHER");
    }

    @Test
    void placementFailuresAreCountedPerTaskByClusterNameAndReason() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SchedulerMetrics metrics = new SchedulerMetrics(meters, id -> id == 7L ? "prod" : "other");

        metrics.placementFailures(7L, "service", List.of(Reasons.CPU, Reasons.CPU, Reasons.AGENT));
        metrics.circuitBreakerTripped(7L, true);
        metrics.reconcilePass("host", 7L, false);

        assertThat(meters.get("gantry.placement.failures").tag("cluster", "prod").tag("scheduler", "service")
                .tag("reason", "RESOURCE:CPU").counter().count()).isEqualTo(2);
        assertThat(meters.get("gantry.placement.failures").tag("reason", "AGENT").counter().count()).isEqualTo(1);
        assertThat(meters.get("gantry.deployment.circuit.breaker.trips").tag("rollback", "true").counter().count()).isEqualTo(1);
        assertThat(meters.get("gantry.reconcile.passes").tag("outcome", "error").tag("reconciler", "host").counter().count())
                .isEqualTo(1);
    }
}
