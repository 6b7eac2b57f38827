package dev.gantry.task;

import dev.gantry.shared.ClusterId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.SchemaDatabase;
import dev.gantry.instance.ContainerInstanceRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The task committer under contention, on a real PostgreSQL with Gantry's schema: many threads commit at the same
 * moment (released together by a latch) the same task, tasks competing for one host's capacity or one port, and
 * batches spread over many hosts. Exactly one commit wins per task and per unit of capacity, and no row is lost or
 * written twice: the database holds exactly the tasks the committer said it committed, and every host's remaining
 * capacity is what it registered minus what those tasks use.
 */
class TaskCommitterConcurrencyIT {

    private static final int THREADS = 32;

    private static SchemaDatabase db;
    private static JdbcClient jdbc;
    private static TaskCommitter committer;

    private long cluster;
    private long taskDefinition;

    @BeforeAll
    static void database() {
        db = SchemaDatabase.start(ContainerInstanceRepository.class, TaskRepository.class, TaskCommitter.class);
        jdbc = db.jdbc();
        committer = db.bean(TaskCommitter.class);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void clusterAndTaskDefinition() {
        cluster = db.cluster();
        taskDefinition = db.taskDefinition();
    }

    private String host(int cpu, int memory) {
        return db.host(cluster, cpu, memory);
    }

    private static String newId() {
        return SchemaDatabase.newId();
    }

    private TaskRepository.NewTask task(String id, String host, int cpu, List<Integer> tcpPorts) {
        return new TaskRepository.NewTask(new TaskId(id), new ClusterId(cluster), new InstanceId(host),
                new TaskDefinitionId(taskDefinition), null, null, "family:f", null, cpu, 16, tcpPorts, List.of(), "{}", null,
                null, List.of(new TaskRepository.NewContainer("main", java.util.UUID.randomUUID().toString(),
                        "gantry-test/busybox:1", true, cpu, 16, null)), null);
    }

    /** Runs every call at once (all threads wait on one latch) and returns their outcomes in order. */
    private static <T> List<Outcome<T>> together(List<Callable<T>> calls) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(calls.size())) {
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(new Outcome<>(f.get(60, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a commit did not finish within 60 s (deadlock?)", e);
                }
            }
            return outcomes;
        }
    }

    private record Outcome<T>(T value, Throwable error) {
    }

    private List<String> rowsOn(String host) {
        return jdbc.sql("SELECT id FROM task WHERE container_instance_id = :h ORDER BY id").param("h", host)
                .query(String.class).list();
    }

    private int remainingCpu(String host) {
        return jdbc.sql("SELECT remaining_cpu FROM container_instance WHERE id = :h").param("h", host)
                .query(Integer.class).single();
    }

    @Test
    void theSameTaskCommittedByManyThreadsAtOnceIsWrittenOnceAndTakesItsCapacityOnce() throws Exception {
        String host = host(4096, 8192);
        String id = newId();
        List<Outcome<List<Optional<TaskCommitter.Refusal>>>> outcomes = together(IntStream.range(0, THREADS)
                .<Callable<List<Optional<TaskCommitter.Refusal>>>>mapToObj(i ->
                        () -> committer.commitAll(List.of(task(id, host, 100, List.of())), () -> true)).toList());

        assertThat(outcomes).filteredOn(o -> o.error() == null).singleElement()
                .satisfies(o -> assertThat(o.value()).containsExactly(Optional.empty()));
        assertThat(outcomes).filteredOn(o -> o.error() != null).hasSize(THREADS - 1)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(DuplicateKeyException.class));
        assertThat(rowsOn(host)).containsExactly(id);
        assertThat(jdbc.sql("SELECT count(*) FROM task_container WHERE task_id = :t").param("t", id)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(remainingCpu(host)).as("the losers rolled back their usage").isEqualTo(4096 - 100);
    }

    @Test
    void tasksRacingForOneHostTakeExactlyItsCapacityAndNoMore() throws Exception {
        int fits = 10;
        String host = host(100 * fits, 8192);
        List<String> ids = IntStream.range(0, THREADS).mapToObj(i -> newId()).toList();
        List<Outcome<List<Optional<TaskCommitter.Refusal>>>> outcomes = together(ids.stream()
                .<Callable<List<Optional<TaskCommitter.Refusal>>>>map(id ->
                        () -> committer.commitAll(List.of(task(id, host, 100, List.of())), () -> true)).toList());

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        List<String> committed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Optional<TaskCommitter.Refusal> result = outcomes.get(i).value().getFirst();
            if (result.isEmpty()) {
                committed.add(ids.get(i));
            } else {
                assertThat(result).contains(TaskCommitter.Refusal.RESOURCE_CPU);
            }
        }
        assertThat(committed).hasSize(fits);
        assertThat(rowsOn(host)).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(remainingCpu(host)).isZero();
    }

    @Test
    void onlyOneOfTheTasksWantingTheSameHostPortGetsIt() throws Exception {
        String host = host(100_000, 100_000);
        List<String> ids = IntStream.range(0, THREADS).mapToObj(i -> newId()).toList();
        List<Outcome<List<Optional<TaskCommitter.Refusal>>>> outcomes = together(ids.stream()
                .<Callable<List<Optional<TaskCommitter.Refusal>>>>map(id ->
                        () -> committer.commitAll(List.of(task(id, host, 10, List.of(8080))), () -> true)).toList());

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(outcomes).filteredOn(o -> o.value().getFirst().isEmpty()).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.value().getFirst().isPresent())
                .allSatisfy(o -> assertThat(o.value().getFirst()).contains(TaskCommitter.Refusal.RESOURCE_PORTS));
        assertThat(rowsOn(host)).hasSize(1);
        assertThat(jdbc.sql("SELECT used_tcp_ports FROM container_instance WHERE id = :h").param("h", host)
                .query((rs, n) -> List.of((Integer[]) rs.getArray(1).getArray())).single()).containsExactly(8080);
    }

    @Test
    void batchesOverManyHostsAtOnceLoseNoRowAndNoUsage() throws Exception {
        List<String> hosts = IntStream.range(0, 8).mapToObj(i -> host(100_000, 100_000)).toList();
        int perBatch = 5;
        // each batch touches several hosts in a different order: the committer's ordered locks must not deadlock
        List<List<TaskRepository.NewTask>> batches = IntStream.range(0, THREADS).mapToObj(b ->
                IntStream.range(0, perBatch).mapToObj(i ->
                        task(newId(), hosts.get((b * 3 + i * 5) % hosts.size()), 1 + (b + i) % 7, List.of())).toList())
                .toList();
        List<Outcome<List<Optional<TaskCommitter.Refusal>>>> outcomes = together(batches.stream()
                .<Callable<List<Optional<TaskCommitter.Refusal>>>>map(batch ->
                        () -> committer.commitAll(batch, () -> true)).toList());

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.error()).isNull();
            assertThat(o.value()).hasSize(perBatch).allMatch(Optional::isEmpty);
        });
        List<String> expected = batches.stream().flatMap(List::stream).map(t -> t.id().value()).toList();
        assertThat(jdbc.sql("SELECT id FROM task WHERE cluster_id = :c").param("c", cluster).query(String.class).list())
                .hasSize(THREADS * perBatch).containsExactlyInAnyOrderElementsOf(expected);
        for (String host : hosts) {
            int used = batches.stream().flatMap(List::stream).filter(t -> t.containerInstanceId().value().equals(host))
                    .mapToInt(TaskRepository.NewTask::cpu).sum();
            assertThat(remainingCpu(host)).as("remaining cpu of %s", host).isEqualTo(100_000 - used);
        }
    }

    @Test
    void aFencedBatchWritesNothing() throws Exception {
        String host = host(4096, 8192);
        List<Outcome<List<Optional<TaskCommitter.Refusal>>>> outcomes = together(IntStream.range(0, THREADS)
                .<Callable<List<Optional<TaskCommitter.Refusal>>>>mapToObj(i -> {
                    boolean fenceHolds = i % 2 == 0;
                    return () -> committer.commitAll(List.of(task(newId(), host, 10, List.of())), () -> fenceHolds);
                }).toList());

        for (int i = 0; i < THREADS; i++) {
            assertThat(outcomes.get(i).value()).containsExactly(
                    i % 2 == 0 ? Optional.empty() : Optional.of(TaskCommitter.Refusal.FENCED));
        }
        assertThat(rowsOn(host)).hasSize(THREADS / 2);
        assertThat(remainingCpu(host)).isEqualTo(4096 - 10 * THREADS / 2);
    }
}
