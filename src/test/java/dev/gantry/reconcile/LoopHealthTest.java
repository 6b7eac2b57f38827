package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class LoopHealthTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoopHealth health = new LoopHealth(meters, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aPassThatThrowsAnErrorIsCountedAndTheLoopCarriesOn() {
        health.register("lease-renewal", Duration.ofSeconds(2));
        AtomicInteger runs = new AtomicInteger();
        health.pass("lease-renewal", () -> {
            runs.incrementAndGet();
            throw new StackOverflowError("deep");
        });
        health.pass("lease-renewal", runs::incrementAndGet);
        assertThat(runs).hasValue(2);
        assertThat(health.restarts("lease-renewal")).isEqualTo(1.0);
        assertThat(meters.get("gantry.reconcile.loop.restarts").tag("loop", "lease-renewal").counter().count()).isEqualTo(1.0);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aLoopWithoutACompletedPassForTooLongIsStalledAndMakesReadinessDown() {
        health.register("heartbeat", Duration.ofSeconds(5));
        health.register("task-reaper", Duration.ofMinutes(10));
        advance(Duration.ofSeconds(59));
        assertThat(health.stalled()).isEmpty();
        advance(Duration.ofSeconds(2));
        // 5 × 5 s is below the 60 s floor; 61 s without a pass is a stall. The reaper's window is 50 minutes.
        assertThat(health.stalled()).containsOnlyKeys("heartbeat");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsKey("heartbeat");

        health.pass("heartbeat", () -> { });
        assertThat(health.stalled()).isEmpty();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFailingPassIsShownButIsNotAStall() {
        health.register("metrics-refresh", Duration.ofSeconds(5));
        health.pass("metrics-refresh", () -> {
            throw new IllegalStateException("database down");
        });
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails().get("metrics-refresh").toString()).contains("database down");
    }

    @Test
    void aReconcileQueueKeyWhosePassThrowsAnErrorIsReconciledAgain() {
        LoopHealth real = new LoopHealth(meters);
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileQueue<String> queue = new ReconcileQueue<>("host", dev.gantry.postgres.BackgroundWork.Workload.HOSTS,
                key -> {
                    if (passes.incrementAndGet() == 1) {
                        throw new NoClassDefFoundError("dev/gantry/Missing");
                    }
                    return Reconciler.Outcome.done();
                }, Duration.ofMillis(20), Duration.ofMillis(200), d -> { }, real)) {
            queue.trigger("a");
            // before: the Error escaped the pass, the key stayed marked "running" and was never reconciled again
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 2);
            queue.trigger("a");
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
            assertThat(real.restarts("host")).isEqualTo(1.0);
            assertThat(queue.oldestPassInFlight()).isEqualTo(Duration.ZERO);
        }
    }
}
