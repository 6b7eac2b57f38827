package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReconcileQueue#triggerSoon}: the earliest request wins. The host loops' resync leaves a trigger seconds away
 * pending for most hosts; a Docker event for such a host used to be dropped as a duplicate, and the exit it announced
 * waited for the resync's trigger (issue 10 item 3: replacements after 3, 6 and 10 s).
 */
class ReconcileQueueSoonTest {

    private static final Duration FAR = Duration.ofSeconds(30);

    private final AtomicInteger passes = new AtomicInteger();
    private final ReconcileQueue<String> queue = new ReconcileQueue<>("test", key -> {
        passes.incrementAndGet();
        return Reconciler.Outcome.done();
    }, Duration.ofMillis(20), Duration.ofMillis(200), d -> { });

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void anEarlierRequestReplacesAPendingLaterOne() {
        queue.triggerSoon("host", FAR);
        queue.triggerSoon("host", Duration.ofMillis(50));

        await().atMost(FAR.dividedBy(3)).until(() -> passes.get() == 1);
    }

    @Test
    void aLaterRequestDoesNotPostponeAPendingEarlierOne() {
        queue.triggerSoon("host", Duration.ofMillis(50));
        queue.triggerSoon("host", FAR);

        await().atMost(FAR.dividedBy(3)).until(() -> passes.get() == 1);
    }

    @Test
    void aBurstOfRequestsWithinTheWindowMakesOnePass() {
        for (int i = 0; i < 20; i++) {
            queue.triggerSoon("host", Duration.ofMillis(200));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 1);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> passes.get() == 1);
    }

    @Test
    void keysAreIndependent() {
        queue.triggerSoon("a", FAR);
        queue.triggerSoon("b", Duration.ofMillis(50));

        await().atMost(FAR.dividedBy(3)).until(() -> passes.get() == 1);
    }
}
