package dev.gantry.task.bench;

import dev.gantry.bench.BenchArgs;
import dev.gantry.bench.HollowCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RunTask end to end, the path a user hits: an HTTP request through the API, a fresh snapshot of the cluster read
 * from the durable embedded PostgreSQL, the placement decision, the commit, the answer; then the launch on the
 * (simulated, latency-charged) host until the task is recorded RUNNING. Figures per request: latency of the answer
 * (p50, p99, as the client sees it) and throughput; per task: commit → RUNNING (the task's {@code started_at} minus
 * its {@code created_at}, both database times).
 * <p>
 * Arguments: {@code hosts=1000 requests=300 warmup=50 clients=4 count=1 rounds=1 latencyMedian=2ms latencyP99=20ms
 * seed=...}. {@code rounds} repeats the measurement in the same process on the same cluster (each round adds its
 * tasks to the last): registering 10,000 hosts through the API takes minutes, so at that size the rounds are the
 * runs, and the raw output says so. Run through {@code scripts/bench.sh}, which repeats it and keeps the raw output
 * (docs/benchmarks/README.md).
 */
public final class RunTaskBenchmark {

    private RunTaskBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        int hosts = args.integer("hosts", 1000);
        int requests = args.integer("requests", 300);
        int warmup = args.integer("warmup", 50);
        int clients = args.integer("clients", 4);
        int count = args.integer("count", 1);
        int rounds = args.integer("rounds", 1);
        System.out.printf(Locale.ROOT, "RunTask end to end: %d hosts, %d requests (after %d warm-up) of %d task(s) from %d "
                + "concurrent clients%n", hosts, requests, warmup, count, clients);
        try (HollowCluster gantry = HollowCluster.start(args, b -> { })) {
            gantry.post("/v1/clusters", "{\"clusterName\":\"bench\"}");
            gantry.registerHosts("bench", hosts);
            gantry.post("/v1/task-definitions", "{\"family\":\"job\",\"containerDefinitions\":[{\"name\":\"main\","
                    + "\"image\":\"gantry-test/busybox:1\",\"memory\":16,\"cpu\":8,\"command\":[\"sh\",\"-c\",\"sleep 86400\"]}]}");
            String body = "{\"taskDefinition\":\"job:1\",\"count\":" + count + "}";
            run(gantry, body, warmup, clients);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf(Locale.ROOT, "--- round %d of %d in this process%n", round, rounds);
                measure(gantry, body, hosts, requests, clients, count);
            }
        }
        System.exit(0);
    }

    private static void measure(HollowCluster gantry, String body, int hosts, int requests, int clients, int count)
            throws Exception {
        {
            long before = gantry.count("SELECT count(*) FROM task");
            long t0 = System.nanoTime();
            long[] latencies = run(gantry, body, requests, clients);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long expected = before + (long) requests * count;
            awaitRunning(gantry, expected);
            Arrays.sort(latencies);
            double p50 = percentile(latencies, 0.50) / 1e6;
            double p99 = percentile(latencies, 0.99) / 1e6;
            System.out.printf(Locale.ROOT, "answers: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f requests/s%n", p50, p99,
                    latencies[latencies.length - 1] / 1e6, requests / seconds);
            List<Double> toRunning = gantry.jdbc.sql("""
                    SELECT extract(epoch FROM started_at - created_at) * 1000 FROM task
                    WHERE started_at IS NOT NULL ORDER BY created_at DESC LIMIT :n""").param("n", requests * count)
                    .query(Double.class).list();
            double[] ms = toRunning.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String key = "runtask." + hosts + "hosts.c" + clients;
            HollowCluster.metric(key + ".answer_p50", p50, "ms");
            HollowCluster.metric(key + ".answer_p99", p99, "ms");
            HollowCluster.metric(key + ".throughput", requests / seconds, "requests/s");
            if (ms.length > 0) {
                System.out.printf(Locale.ROOT, "commit -> RUNNING over %d tasks: p50 %.0f ms, p99 %.0f ms%n", ms.length,
                        quantile(ms, 0.5), quantile(ms, 0.99));
                HollowCluster.metric(key + ".commit_to_running_p50", quantile(ms, 0.5), "ms");
                HollowCluster.metric(key + ".commit_to_running_p99", quantile(ms, 0.99), "ms");
            }
        }
    }

    /** {@code n} RunTask requests from {@code clients} threads; the latency of each answer, in nanoseconds. */
    private static long[] run(HollowCluster gantry, String body, int n, int clients) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        String answer = gantry.post("/v1/clusters/bench/tasks", body);
                        latencies[i] = System.nanoTime() - t;
                        if (!answer.contains("\"failures\":[]")) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        if (failures.get() > 0) {
            System.out.printf(Locale.ROOT, "%d of %d answers carried placement failures%n", failures.get(), n);
        }
        return latencies;
    }

    private static void awaitRunning(HollowCluster gantry, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long running = 0;
        while (System.nanoTime() < deadline) {
            running = gantry.count("SELECT count(*) FROM task WHERE last_status = 'RUNNING'");
            if (running >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "only %d of %d tasks RUNNING after 120 s%n", running, expected);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double quantile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }
}
