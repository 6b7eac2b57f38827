package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: close() lets the pass in flight finish and starts no new one. */
class ReconcileQueueShutdownTest {

    @Test
    void closeWaitsForThePassInFlightAndRunsNoMore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger runs = new AtomicInteger();
        ReconcileQueue<String> queue = new ReconcileQueue<>("test", key -> {
            runs.incrementAndGet();
            started.countDown();
            Thread.sleep(300);
            finished.set(true);
            return Reconciler.Outcome.after(Duration.ofMillis(10));
        }, Duration.ofMillis(10), Duration.ofMillis(100), d -> { });

        queue.trigger("a");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        queue.trigger("a"); // marks dirty: would run again if the queue stayed open
        queue.close();

        assertThat(finished).as("the pass in flight completed before close returned").isTrue();
        // the key marked dirty before close never runs again
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValue(1));
    }
}
