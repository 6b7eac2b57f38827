package dev.gantry.task.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.gantry.GantryApplication;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Launch overhead: RunTask of 10 single-container tasks on one host until all are RUNNING, against the same 10
 * containers created and started directly through docker-java, in one run, alternating the order. Boots Gantry in
 * process (production timings, temporary data directory), registers rig host h1 over its unix socket.
 * <p>
 * The direct reference starts the 10 containers concurrently (one virtual thread each), as Gantry's host loop
 * does; the sequential figure is printed for context. Run with {@code scripts/bench-launch.sh}.
 */
public final class LaunchOverheadBenchmark {

    private static final int TASKS = 10;
    private static final String IMAGE = "gantry-test/busybox:1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final DockerClient docker;
    private final String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final boolean verbose = Boolean.getBoolean("bench.verbose");
    private final AtomicLong lastCreated = new AtomicLong();
    private final AtomicLong firstStarted = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastStarted = new AtomicLong();

    private LaunchOverheadBenchmark(String base, DockerClient docker) {
        this.base = base;
        this.docker = docker;
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String rig = System.getenv().getOrDefault("GANTRY_RIG_DIR", "/tmp/gantry-rig");
        String socket = "unix://" + rig + "/h1/docker.sock";
        Path data = Files.createTempDirectory("gantry-bench");
        SpringApplication app = new SpringApplication(GantryApplication.class);
        app.setDefaultProperties(Map.of("logging.level.root", "WARN", "logging.level.io.zonky", "ERROR",
                "spring.main.banner-mode", "off"));
        int code = 0;
        // command-line arguments, so that they win over application.yml (default properties would not)
        try (ConfigurableApplicationContext ctx = app.run(TestCredentials.withBootstrapArguments("--server.port=0",
                "--gantry.embedded-postgres.data-directory=" + data))) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(socket).build();
            DockerClient docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
            new LaunchOverheadBenchmark("http://127.0.0.1:" + port, docker).run(socket, reps);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private void run(String socket, int reps) throws Exception {
        post("/v1/clusters", Map.of("clusterName", cluster));
        post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", socket));
        String family = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/task-definitions", Map.of("family", family, "containerDefinitions", List.of(Map.of("name", "main",
                "image", IMAGE, "memory", 16, "stopTimeout", 2, "command", List.of("sh", "-c", "exec sleep 600")))));
        String label = "gantry-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // warm-up: JIT, connection pools, the engine's caches; not counted
            direct(label, true);
            gantry(family);
            List<double[]> rows = new ArrayList<>();
            System.out.printf("%n%-5s %14s %14s %12s %8s %16s%n", "rep", "direct-par ms", "direct-seq ms", "gantry ms",
                    "ratio", "overhead/task ms");
            for (int rep = 1; rep <= reps; rep++) {
                double par;
                double seq;
                double gantry;
                if (rep % 2 == 1) {
                    par = direct(label, true);
                    seq = direct(label, false);
                    gantry = gantry(family);
                } else {
                    gantry = gantry(family);
                    seq = direct(label, false);
                    par = direct(label, true);
                }
                rows.add(new double[] {par, seq, gantry});
                System.out.printf("%-5d %14.0f %14.0f %12.0f %8.2f %16.1f%n", rep, par, seq, gantry, gantry / par,
                        (gantry - par) / TASKS);
            }
            double par = median(rows, 0);
            double seq = median(rows, 1);
            double g = median(rows, 2);
            System.out.printf("%-5s %14.0f %14.0f %12.0f %8.2f %16.1f%n", "med", par, seq, g, g / par, (g - par) / TASKS);
            System.out.printf("%nGantry / direct (concurrent) = %.2f (target <= 1.15); control plane adds %.1f ms per task "
                    + "(target < 30); against sequential docker-java: %.2f%n", g / par, (g - par) / TASKS, g / seq);
            // the lines scripts/bench.sh collects into its table of medians over runs
            System.out.printf("METRIC launch.direct_concurrent %.1f ms%n", par);
            System.out.printf("METRIC launch.direct_sequential %.1f ms%n", seq);
            System.out.printf("METRIC launch.gantry %.1f ms%n", g);
            System.out.printf("METRIC launch.gantry_over_direct %.3f ratio%n", g / par);
            System.out.printf("METRIC launch.added_per_task %.2f ms%n", (g - par) / TASKS);
        } finally {
            removeDirect(label);
            removeGantryContainers();
        }
    }

    /** Gantry's stopped containers wait for its removal delay (a minute in production timings). */
    private void removeGantryContainers() {
        docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("gantry.cluster", "arn:aws:ecs:local:000000000000:cluster/" + cluster)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Creates and starts 10 containers like Gantry's (same image, command, memory limit, labels); returns ms. */
    private double direct(String label, boolean concurrent) throws Exception {
        long start = System.nanoTime();
        if (concurrent) {
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    futures.add(threads.submit(() -> createAndStart(label)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
        } else {
            for (int i = 0; i < TASKS; i++) {
                createAndStart(label);
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (verbose && concurrent) {
            System.out.printf("      direct: last create done %.0f, first started %.0f, last started %.0f ms after the first call%n",
                    (lastCreated.get() - start) / 1e6, (firstStarted.get() - start) / 1e6, (lastStarted.get() - start) / 1e6);
        }
        lastCreated.set(0);
        firstStarted.set(Long.MAX_VALUE);
        lastStarted.set(0);
        removeDirect(label);
        return ms;
    }

    private void createAndStart(String label) {
        String id = docker.createContainerCmd(IMAGE).withName(label + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withCmd("sh", "-c", "exec sleep 600").withLabels(Map.of("gantry.bench", label,
                        "gantry.task-arn", "arn:aws:ecs:local:000000000000:task/bench/" + UUID.randomUUID().toString().replace("-", ""),
                        "gantry.container-name", "main"))
                .withHostConfig(HostConfig.newHostConfig().withMemory(16L * 1024 * 1024).withNetworkMode("bridge")).exec().getId();
        lastCreated.accumulateAndGet(System.nanoTime(), Math::max);
        docker.startContainerCmd(id).exec();
        long started = System.nanoTime();
        firstStarted.accumulateAndGet(started, Math::min);
        lastStarted.accumulateAndGet(started, Math::max);
    }

    private void removeDirect(String label) {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("gantry.bench", label)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    }

    /**
     * RunTask count=10 and wait until all 10 are RUNNING; returns ms from the request to the moment the last one
     * became RUNNING, read from the tasks' own startedAt. The wait polls only every 100 ms: a client hammering the
     * API would take CPU from the engine it is measuring, and the timestamps make the poll's timing irrelevant.
     * Stops the tasks afterwards (not timed).
     */
    private double gantry(String family) throws Exception {
        Instant requested = Instant.now();
        long start = System.nanoTime();
        JsonNode launched = post("/v1/clusters/" + cluster + "/tasks", Map.of("taskDefinition", family, "count", TASKS));
        double answered = (System.nanoTime() - start) / 1e6;
        if (launched.get("tasks").size() != TASKS) {
            throw new IllegalStateException("RunTask placed only some tasks: " + launched);
        }
        List<String> ids = new ArrayList<>();
        launched.get("tasks").forEach(t -> ids.add(t.get("taskArn").asString().replaceAll(".*/", "")));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<JsonNode> mine;
        while (true) {
            mine = new ArrayList<>();
            for (JsonNode t : get("/v1/clusters/" + cluster + "/tasks?maxResults=100").get("items")) {
                if (ids.contains(t.get("taskArn").asString().replaceAll(".*/", ""))) {
                    mine.add(t);
                }
            }
            if (mine.size() == TASKS && mine.stream().allMatch(t -> "RUNNING".equals(t.get("lastStatus").asString()))) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder stuck = new StringBuilder();
                for (String id : ids) {
                    JsonNode t = get("/v1/clusters/" + cluster + "/tasks/" + id);
                    if (!"RUNNING".equals(t.get("lastStatus").asString())) {
                        stuck.append('\n').append(t);
                    }
                }
                throw new IllegalStateException("not all " + TASKS + " tasks RUNNING after 120 s:" + stuck);
            }
            Thread.sleep(100);
        }
        double ms = latest(mine, "startedAt", requested);
        if (verbose) {
            System.out.printf("      RunTask answered %.0f ms; first launch began %.0f, last create done %.0f, first RUNNING %.0f, "
                    + "last RUNNING %.0f ms after the request%n", answered, earliest(mine, "pullStartedAt", requested),
                    latest(mine, "pullStoppedAt", requested), earliest(mine, "startedAt", requested), ms);
        }
        for (String id : ids) {
            post("/v1/clusters/" + cluster + "/tasks/" + id + "/stop", Map.of("reason", "benchmark"));
        }
        long stopDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (get("/v1/clusters/" + cluster + "/tasks").get("items").size() > 0 && System.nanoTime() < stopDeadline) {
            Thread.sleep(100);
        }
        while (!get("/v1/clusters/" + cluster + "/tasks?desiredStatus=STOPPED&maxResults=100").get("items").valueStream()
                .allMatch(t -> "STOPPED".equals(t.get("lastStatus").asString())) && System.nanoTime() < stopDeadline) {
            Thread.sleep(100);
        }
        // as the direct runs remove theirs: otherwise Gantry removes them after its removal delay, in the middle
        // of some later run
        removeGantryContainers();
        return ms;
    }

    private static double latest(List<JsonNode> tasks, String field, Instant since) {
        return tasks.stream().mapToDouble(t -> millisAfter(t, field, since)).max().orElseThrow();
    }

    private static double earliest(List<JsonNode> tasks, String field, Instant since) {
        return tasks.stream().mapToDouble(t -> millisAfter(t, field, since)).min().orElseThrow();
    }

    private static double millisAfter(JsonNode task, String field, Instant since) {
        return Duration.between(since, Instant.parse(task.get(field).asString())).toNanos() / 1e6;
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpRequest request = TestCredentials.request(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return send(request);
    }

    private JsonNode get(String path) throws Exception {
        return send(TestCredentials.request(URI.create(base + path)).GET().build());
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
