package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

    private ReconcileQueue<String> queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private ReconcileQueue<String> queue(Reconciler<String> reconciler) {
        queue = new ReconcileQueue<>("test", reconciler, Duration.ofMillis(20), Duration.ofMillis(200), d -> { });
        return queue;
    }

    @Test
    void runsAtMostOnePassPerKeyAtATime() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        queue(key -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            release.await(2, TimeUnit.SECONDS);
            concurrent.decrementAndGet();
            passes.incrementAndGet();
            return Reconciler.Outcome.done();
        });
        for (int i = 0; i < 20; i++) {
            queue.trigger("a");
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 2);
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void triggersDuringAPassCoalesceIntoExactlyOneMorePass() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue(key -> {
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                release.await(2, TimeUnit.SECONDS);
            }
            return Reconciler.Outcome.done();
        });
        queue.trigger("a");
        inFirstPass.await(2, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            queue.trigger("a");
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> passes.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> passes.get() == 2);
    }

    @Test
    void failuresRetryWithBackoffAndSuccessResetsTheCount() {
        AtomicInteger attempts = new AtomicInteger();
        queue(key -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return Reconciler.Outcome.done();
        });
        queue.trigger("a");
        await().atMost(Duration.ofSeconds(3)).until(() -> attempts.get() == 3);
        assertThat(queue.backoff(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(queue.backoff(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(queue.backoff(30)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void requeueAfterSchedulesTheNextPass() {
        AtomicInteger passes = new AtomicInteger();
        queue(key -> {
            passes.incrementAndGet();
            return Reconciler.Outcome.after(Duration.ofMillis(30));
        });
        queue.trigger("a");
        await().atMost(Duration.ofSeconds(3)).until(() -> passes.get() >= 4);
    }

    @Test
    void aBurstOfSoonTriggersMakesOnePass() {
        AtomicInteger passes = new AtomicInteger();
        queue(key -> {
            passes.incrementAndGet();
            return Reconciler.Outcome.done();
        });
        for (int i = 0; i < 50; i++) {
            queue.triggerSoon("a", Duration.ofMillis(100));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> passes.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> passes.get() == 1);
    }

    @Test
    void keysAreIndependent() throws Exception {
        CountDownLatch blockA = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        queue(key -> {
            if (key.equals("a")) {
                blockA.await(2, TimeUnit.SECONDS);
            }
            seen.add(key);
            return Reconciler.Outcome.done();
        });
        queue.trigger("a");
        queue.trigger("b");
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.contains("b"));
        assertThat(seen).doesNotContain("a");
        blockA.countDown();
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.contains("a"));
    }

    @Test
    void closeLetsThePassInFlightFinishAndSchedulesNothingAfter() throws Exception {
        ConcurrentHashMap<String, Integer> finished = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(1);
        queue(key -> {
            started.countDown();
            Thread.sleep(100);
            finished.merge(key, 1, Integer::sum);
            return Reconciler.Outcome.after(Duration.ofMillis(1));
        });
        queue.trigger("a");
        started.await(2, TimeUnit.SECONDS);
        queue.close();
        assertThat(finished).containsEntry("a", 1);
        queue.trigger("a");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> finished.get("a") == 1);
    }

    @Test
    void aResyncOfManyKeysIsSpreadEvenlyOverTheInterval() {
        java.util.Map<String, Duration> delays = new java.util.LinkedHashMap<>();
        ReconcileQueue.spread(List.of("a", "b", "c", "d"), Duration.ofSeconds(10), delays::put);

        assertThat(delays).containsExactly(java.util.Map.entry("a", Duration.ZERO), java.util.Map.entry("b", Duration.ofMillis(2500)),
                java.util.Map.entry("c", Duration.ofSeconds(5)), java.util.Map.entry("d", Duration.ofMillis(7500)));
        ReconcileQueue.spread(List.<String>of(), Duration.ofSeconds(10), (k, d) -> {
            throw new AssertionError("nothing to spread");
        });
    }
}
