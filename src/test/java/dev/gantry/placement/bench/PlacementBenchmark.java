package dev.gantry.placement.bench;

import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementPlan;
import dev.gantry.placement.PlacementRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one placement decision ({@code place} with count 1). SampleTime mode, so every run gives
 * the mean (decisions/s = 10^6 / mean µs) and the percentiles. One benchmark thread, and the forked
 * JVM is told it has one processor, to match the "one core" targets.
 *
 * <ul>
 *   <li>{@code identical}: the same RunTask task (default random strategy) on 1,000 instances,
 *       and on 100,000 to show the growth of the full-scan path random takes.</li>
 *   <li>{@code mixed}: 16 different service tasks in turn, spread(AZ) + binpack(memory) and a memberOf,
 *       on 1,000 to 100,000 instances — the growth curve.</li>
 *   <li>{@code mixedBatchOf10}: the same, ten tasks per request; figures are per task.</li>
 *   <li>{@code serviceDefaultChain}: the same mix with the ECS service default chain
 *       (spread AZ, spread instanceId), which takes the full-scan path.</li>
 *   <li>{@code freshSnapshot}: a mixed decision on a snapshot never used before, i.e. including
 *       the per-snapshot index build.</li>
 *   <li>{@code identicalRandomSeeds}: {@code identical}, but every decision with its own seed, drawn from a base
 *       seed printed at set-up ({@code -p seed=N} replays it): {@code identical} always decides with seed 0.</li>
 *   <li>{@code runTaskFreshSnapshot}: what RunTask does per request: a new snapshot (RunTask reads one from the
 *       database per request; that read is measured end to end by RunTaskBenchmark), its index built, one decision
 *       with a fresh seed.</li>
 *   <li>{@code serviceBatch}: what the reconciler does with one batch ({@code ServiceLaunches.placeAndCommit}): ten
 *       asks of ten tasks of different services, each placed on the snapshot left by the one before
 *       ({@code ClusterSnapshot.withPlaced}, whose index is derived from the one before, updated for the assigned
 *       hosts only: docs/design/placement-batch.md); figures per task.</li>
 * </ul>
 * Run with {@code scripts/bench-placement.sh}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "-Xmx3g"})
@State(Scope.Benchmark)
public class PlacementBenchmark {
    private final PlacementEngine engine = new PlacementEngine();

    @State(Scope.Thread)
    public static class Identical {
        @Param({"1000", "100000"})
        int hosts;
        ClusterSnapshot snapshot;
        PlacementRequest request;

        @Setup(Level.Trial)
        public void build() {
            snapshot = BenchClusters.cluster(hosts, 7);
            request = BenchClusters.identicalTask();
        }
    }

    @State(Scope.Thread)
    public static class Mixed {
        @Param({"1000", "5000", "10000", "100000"})
        int hosts;
        ClusterSnapshot snapshot;
        List<PlacementRequest> mix;
        int next;

        @Setup(Level.Trial)
        public void build() {
            snapshot = BenchClusters.cluster(hosts, 7);
            mix = BenchClusters.mixedTasks();
        }

        PlacementRequest nextRequest() {
            next = (next + 1) & 15;
            return mix.get(next);
        }
    }

    @State(Scope.Thread)
    public static class Batch {
        @Param({"1000", "10000", "100000"})
        int hosts;
        ClusterSnapshot snapshot;
        List<PlacementRequest> mix;
        int next;

        @Setup(Level.Trial)
        public void build() {
            snapshot = BenchClusters.cluster(hosts, 7);
            mix = BenchClusters.mixedTasks().stream().map(request -> request.withCount(10)).toList();
        }

        PlacementRequest nextRequest() {
            next = (next + 1) & 15;
            return mix.get(next);
        }
    }

    @State(Scope.Thread)
    public static class DefaultChain {
        @Param({"1000", "10000", "100000"})
        int hosts;
        ClusterSnapshot snapshot;
        List<PlacementRequest> mix;
        int next;

        @Setup(Level.Trial)
        public void build() {
            snapshot = BenchClusters.cluster(hosts, 7);
            mix = BenchClusters.mixedTasks(dev.gantry.placement.PlacementStrategy.SERVICE_DEFAULT);
        }

        PlacementRequest nextRequest() {
            next = (next + 1) & 15;
            return mix.get(next);
        }
    }

    @State(Scope.Thread)
    public static class Fresh {
        @Param({"10000"})
        int hosts;
        List<?> hostList;
        List<PlacementRequest> mix;

        @Setup(Level.Trial)
        public void build() {
            hostList = BenchClusters.cluster(hosts, 7).hosts();
            mix = BenchClusters.mixedTasks();
        }
    }

    @State(Scope.Thread)
    public static class RandomSeeds {
        @Param({"1000", "10000"})
        int hosts;
        /** -1: a fresh base seed, printed; any other value replays that one. */
        @Param({"-1"})
        long seed;
        ClusterSnapshot snapshot;
        List<dev.gantry.placement.HostView> hostList;
        PlacementRequest request;
        java.util.SplittableRandom seeds;

        @Setup(Level.Trial)
        public void build() {
            snapshot = BenchClusters.cluster(hosts, 7);
            hostList = snapshot.hosts();
            request = BenchClusters.identicalTask();
            long base = seed == -1 ? System.nanoTime() : seed;
            System.out.println("random-seed base " + base + " (replay with -p seed=" + base + ")");
            seeds = new java.util.SplittableRandom(base);
        }

        PlacementRequest nextRequest() {
            return request.withSeed(seeds.nextLong());
        }
    }

    @State(Scope.Thread)
    public static class ServiceBatch {
        @Param({"1000", "10000"})
        int hosts;
        List<dev.gantry.placement.HostView> hostList;
        List<PlacementRequest> asks;

        @Setup(Level.Trial)
        public void build() {
            hostList = BenchClusters.cluster(hosts, 7).hosts();
            asks = BenchClusters.mixedTasks(dev.gantry.placement.PlacementStrategy.SERVICE_DEFAULT).subList(0, 10)
                    .stream().map(request -> request.withCount(10)).toList();
        }
    }

    @Benchmark
    public PlacementPlan identicalRandomSeeds(RandomSeeds state) {
        return engine.place(state.snapshot, state.nextRequest());
    }

    @Benchmark
    public PlacementPlan runTaskFreshSnapshot(RandomSeeds state) {
        return engine.place(new ClusterSnapshot(state.hostList), state.nextRequest());
    }

    /** One batch of the service reconciler: ten asks of ten tasks, each seeing the ones before it. */
    @Benchmark
    @OperationsPerInvocation(100)
    public ClusterSnapshot serviceBatch(ServiceBatch state) {
        ClusterSnapshot snapshot = new ClusterSnapshot(state.hostList);
        int n = 0;
        for (PlacementRequest ask : state.asks) {
            PlacementPlan plan = engine.place(snapshot, ask);
            List<dev.gantry.placement.PlacedTask> placed = new java.util.ArrayList<>();
            for (var a : plan.assignments()) {
                placed.add(new dev.gantry.placement.PlacedTask("new-" + n++, ask.group(), "bench", ask.serviceName(), ask.cpu(),
                        ask.memory()));
            }
            snapshot = snapshot.withPlaced(plan, ask, placed);
        }
        return snapshot;
    }

    @Benchmark
    public PlacementPlan identical(Identical state) {
        return engine.place(state.snapshot, state.request);
    }

    @Benchmark
    public PlacementPlan mixed(Mixed state) {
        return engine.place(state.snapshot, state.nextRequest());
    }

    /** Ten tasks per request: includes the working-state copy a multi-task run makes once. */
    @Benchmark
    @OperationsPerInvocation(10)
    public PlacementPlan mixedBatchOf10(Batch state) {
        return engine.place(state.snapshot, state.nextRequest());
    }

    @Benchmark
    public PlacementPlan serviceDefaultChain(DefaultChain state) {
        return engine.place(state.snapshot, state.nextRequest());
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public PlacementPlan freshSnapshot(Fresh state) {
        ClusterSnapshot snapshot = new ClusterSnapshot((List<dev.gantry.placement.HostView>) state.hostList);
        return engine.place(snapshot, state.mix.getFirst());
    }
}
