package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CombinerTest {

    @Test
    void aLoneCallerProcessesItsOwnItemAtOnce() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> square = new Combiner<>(items -> {
            batches.add(items);
            return items.stream().map(i -> i * i).toList();
        });

        assertThat(square.submit(3)).isEqualTo(9);
        assertThat(square.submit(4)).isEqualTo(16);
        assertThat(batches).containsExactly(List.of(3), List.of(4));
    }

    @Test
    void itemsArrivingDuringABatchFormTheNextOneAndEachCallerGetsItsOwnResult() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Combiner<Integer, String> combiner = new Combiner<>(items -> {
            batches.add(items);
            if (batches.size() == 1) {
                firstBatchStarted.countDown();
                await(othersQueued);
            }
            return items.stream().map(i -> "r" + i).toList();
        });
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = threads.submit(() -> combiner.submit(0));
            firstBatchStarted.await();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                int item = i;
                others.add(threads.submit(() -> combiner.submit(item)));
            }
            // all twenty are queued behind the first batch before it ends
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> combiner.pendingCount() == 20);
            othersQueued.countDown();

            assertThat(first.get()).isEqualTo("r0");
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get()).isEqualTo("r" + (i + 1));
            }
        }
        assertThat(batches.getFirst()).containsExactly(0);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(21);
        // the twenty that queued during the first batch were combined into the second
        assertThat(batches).hasSize(2);
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextBatchStartsAfresh() {
        Combiner<Integer, Integer> combiner = new Combiner<>(items -> {
            if (items.contains(13)) {
                throw new IllegalArgumentException("unlucky");
            }
            return items;
        });

        assertThatThrownBy(() -> combiner.submit(13)).isInstanceOf(IllegalArgumentException.class).hasMessage("unlucky");
        assertThat(combiner.submit(7)).isEqualTo(7);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
