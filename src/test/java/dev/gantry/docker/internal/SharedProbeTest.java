package dev.gantry.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pulls failing together share one engine ping instead of crowding the heartbeat's liveness connections. */
class SharedProbeTest {

    @Test
    void fiftyConcurrentCallersShareOneProbe() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SharedProbe probe = new SharedProbe(() -> {
            probes.incrementAndGet();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofSeconds(1), System::nanoTime);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(callers.submit(probe::answer));
            }
            // every other caller waits for the probe in flight before it answers
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.waitingCallers() == 49);
            release.countDown();
            for (Future<Boolean> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(probes).hasValue(1);
    }

    @Test
    void anAnswerIsReusedWhileFreshAndAskedAgainAfter() {
        AtomicLong now = new AtomicLong(0);
        AtomicInteger probes = new AtomicInteger();
        boolean[] engineUp = {true};
        SharedProbe probe = new SharedProbe(() -> {
            probes.incrementAndGet();
            return engineUp[0];
        }, Duration.ofSeconds(1), now::get);

        assertThat(probe.answer()).isTrue();
        engineUp[0] = false;
        now.set(Duration.ofMillis(999).toNanos());
        assertThat(probe.answer()).as("still fresh").isTrue();
        assertThat(probes).hasValue(1);
        now.set(Duration.ofMillis(1000).toNanos());
        assertThat(probe.answer()).as("stale: asked again").isFalse();
        assertThat(probes).hasValue(2);
    }
}
