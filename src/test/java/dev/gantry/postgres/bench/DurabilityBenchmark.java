package dev.gantry.postgres.bench;

import dev.gantry.GantryProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What durability costs the embedded default (scripts/bench-durability.sh): Gantry from the jar on a fresh embedded
 * data directory, once durable (fsync, synchronous commit, full-page writes on: the default) and once not (the
 * library's test settings), each measured with CreateCluster over HTTP — one client in a row (latency), then
 * several at once (throughput). Prints figures; asserts nothing.
 */
public final class DurabilityBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.printf("%-12s %8s %8s %8s %8s   %s%n", "embedded", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "throughput (" + clients + " clients x " + perClient + ")");
        for (boolean durable : new boolean[] {true, false}) {
            Path work = Files.createTempDirectory("gantry-durability-bench-");
            try (GantryProcess gantry = GantryProcess.start(work, Map.of("gantry.embedded-postgres.durable",
                    String.valueOf(durable), "gantry.reconcile.initial-delay", "1h"))) {
                gantry.awaitReady(Duration.ofSeconds(120));
                for (int i = 0; i < 50; i++) {
                    createCluster(gantry);
                }
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < sequential; i++) {
                    micros.add(createCluster(gantry));
                }
                Collections.sort(micros);
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                    List<Future<?>> done = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < perClient; i++) {
                                createCluster(gantry);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%-12s %8.2f %8.2f %8.2f %8.2f   %.0f creates/s%n", durable ? "durable" : "fsync off",
                        pct(micros, 0.50), pct(micros, 0.90), pct(micros, 0.99), micros.getLast() / 1000.0,
                        clients * perClient / seconds);
                String mode = durable ? "durable" : "fsync_off";
                // the lines scripts/bench.sh collects into its table of medians over runs
                System.out.printf("METRIC durability.%s.create_p50 %.2f ms%n", mode, pct(micros, 0.50));
                System.out.printf("METRIC durability.%s.create_p99 %.2f ms%n", mode, pct(micros, 0.99));
                System.out.printf("METRIC durability.%s.throughput %.0f creates/s%n", mode, clients * perClient / seconds);
            }
            dev.gantry.postgres.BenchSupport.endPostmaster(work.resolve("data"));
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1000.0;
    }

    private static long createCluster(GantryProcess gantry) throws Exception {
        String body = "{\"clusterName\":\"bench-" + UUID.randomUUID().toString().substring(0, 12) + "\"}";
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(gantry.request("/v1/clusters")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - start) / 1000;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("CreateCluster answered " + response.statusCode() + ": " + response.body());
        }
        return micros;
    }
}
