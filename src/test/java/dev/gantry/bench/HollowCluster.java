package dev.gantry.bench;

import dev.gantry.GantryApplication;
import dev.gantry.TestCredentials;
import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole application on simulated ("hollow") Docker hosts and its embedded PostgreSQL, durable as in production
 * (fsync, synchronous commit, full-page writes on), driven over HTTP: the setting of the scale benchmarks. Every
 * simulated engine call costs a log-normal latency ({@code latencyMedian}, {@code latencyP99}, seeded by
 * {@code seed}), and a host can be partitioned so that its calls hang until the client's timeouts. The settings
 * used are printed, so that the raw output says what was measured.
 */
public final class HollowCluster implements AutoCloseable {

    public final ConfigurableApplicationContext ctx;
    public final SimulatedDockerHostFactory sim;
    public final JdbcClient jdbc;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    private HollowCluster(ConfigurableApplicationContext ctx) {
        this.ctx = ctx;
        this.sim = (SimulatedDockerHostFactory) ctx.getBean(DockerHostFactory.class);
        this.jdbc = ctx.getBean(JdbcClient.class);
        this.base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        // time-based transitions (exits, health) of the simulated containers, as a real engine has them
        ticker.scheduleWithFixedDelay(sim::tickAll, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts Gantry with production settings (application.yml) plus {@code extra} properties; {@code latency} is
     * "median,p99" (e.g. "2ms,20ms") or "0ms,0ms" for none.
     */
    public static HollowCluster start(BenchArgs args, Consumer<SpringApplicationBuilder> customise, String... extra) throws Exception {
        String median = args.string("latencyMedian", "2ms");
        String p99 = args.string("latencyP99", "20ms");
        long seed = args.number("seed", System.nanoTime() % 1_000_000);
        List<String> properties = new ArrayList<>(List.of("gantry.docker.adapter=simulated", "server.port=0",
                "logging.level.root=ERROR", "springdoc.api-docs.enabled=false",
                "gantry.embedded-postgres.durable=true",
                "gantry.embedded-postgres.data-directory=" + Files.createTempDirectory("gantry-bench"),
                "gantry.docker.simulated.latency-median=" + median, "gantry.docker.simulated.latency-p99=" + p99,
                "gantry.docker.simulated.seed=" + seed));
        properties.addAll(List.of(extra));
        System.out.printf(Locale.ROOT, "settings: simulated engine call latency median %s, p99 %s, seed %d; "
                + "embedded PostgreSQL durable=true; JVM %d processors, max heap %d MiB%n", median, p99, seed,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("settings: properties " + String.join(" ", properties.subList(4, properties.size())
                .stream().filter(p -> !p.contains("data-directory")).toList()));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(GantryApplication.class);
        customise.accept(builder);
        // as command-line arguments, not builder.properties(): those are defaults, and application.yml's own values
        // (data-directory: ./data) would win over them, so every run would reuse one database; the bootstrap key is
        // the tests' one (not printed above), which every request below sends, as an operator's client would
        // API rate limits off: the set-up registers hosts and creates services far faster than ECS-like limits
        // allow, and the figures are of scheduling, not of throttling
        return new HollowCluster(builder.run(TestCredentials.withBootstrapArguments(java.util.stream.Stream.concat(
                properties.stream().map(p -> "--" + p), java.util.stream.Stream.of(
                        "--gantry.security.rate-limiting.enabled=false")).toArray(String[]::new))));
    }

    /** Registers {@code hosts} hollow hosts in three zones from ten concurrent clients and waits until all are connected. */
    public void registerHosts(String cluster, int hosts) throws Exception {
        long t = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService clients = Executors.newFixedThreadPool(10)) {
            List<Future<?>> done = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                int n = h;
                done.add(clients.submit(() -> {
                    try {
                        post("/v1/clusters/" + cluster + "/container-instances", "{\"dockerEndpoint\":"
                                + "\"tcp://hollow-" + n + ":2375\",\"availabilityZone\":\"zone-" + (n % 3) + "\"}");
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("is already registered")) {
                            throw e;
                        }
                        // seen once in a smoke run with ten concurrent registrations: reported, not hidden
                        conflicts.incrementAndGet();
                        System.out.println("registration of hollow-" + n + " answered: " + e.getMessage());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf(Locale.ROOT, "registered %d hosts in %.1f s (%d answered 409 already registered)%n", hosts,
                (System.nanoTime() - t) / 1e9, conflicts.get());
        long registered = count("SELECT count(*) FROM container_instance WHERE status = 'ACTIVE'");
        if (registered != hosts) {
            throw new IllegalStateException(registered + " ACTIVE hosts, expected " + hosts);
        }
    }

    public long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    public String post(String path, String body) {
        return send(TestCredentials.request(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public String patch(String path, String body) {
        return send(TestCredentials.request(URI.create(base + path)).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One figure in the form scripts/bench.sh collects over runs. */
    public static void metric(String key, double value, String unit) {
        System.out.printf(Locale.ROOT, "METRIC %s %.6g %s%n", key, value, unit);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        ctx.close();
    }
}
