package dev.gantry.service.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10 item 3: kill → replacement RUNNING. Boots Gantry in process with production timings (application.yml:
 * resync 10 s, heartbeat 5 s, loss timeout as configured), registers three rig hosts over their unix sockets, runs a
 * service of {@code tasks} tasks spread over them, then for {@code rounds} rounds {@code docker kill}s {@code kills}
 * random RUNNING containers at once (directly on the engines, as an OOM kill or a crash would) and measures, for each
 * replacement task, the time from the kill to its {@code startedAt}. Prints every sample and p50/p90/p99/max.
 * Arguments: {@code hosts=1,2,3 tasks=30 kills=5 rounds=20 pause=3 seed=1}. Run with {@code scripts/bench-replacement.sh}.
 * Figures are printed as measured, whatever they are.
 */
public final class ReplacementBenchmark {

    private static final String IMAGE = "gantry-test/busybox:1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final Map<Integer, DockerClient> engines;
    private final String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String clusterArn = "arn:aws:ecs:local:000000000000:cluster/" + cluster;

    private ReplacementBenchmark(String base, Map<Integer, DockerClient> engines) {
        this.base = base;
        this.engines = engines;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        List<Integer> hosts = Arrays.stream(a.getOrDefault("hosts", "1,2,3").split(",")).map(String::trim).map(Integer::parseInt).toList();
        int tasks = Integer.parseInt(a.getOrDefault("tasks", "30"));
        int kills = Integer.parseInt(a.getOrDefault("kills", "5"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "20"));
        Duration pause = Duration.ofSeconds(Long.parseLong(a.getOrDefault("pause", "3")));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        String rig = System.getenv().getOrDefault("GANTRY_RIG_DIR", "/tmp/gantry-rig");
        Path data = Files.createTempDirectory("gantry-bench");
        SpringApplication app = new SpringApplication(GantryApplication.class);
        app.setDefaultProperties(Map.of("logging.level.root", "WARN", "logging.level.io.zonky", "ERROR",
                "spring.main.banner-mode", "off"));
        int code = 0;
        Map<Integer, DockerClient> engines = new HashMap<>();
        for (int h : hosts) {
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost("unix://" + rig + "/h" + h + "/docker.sock").build();
            engines.put(h, DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build()));
        }
        ReplacementBenchmark bench = null;
        try (ConfigurableApplicationContext ctx = app.run(TestCredentials.withBootstrapArguments("--server.port=0",
                "--gantry.embedded-postgres.data-directory=" + data))) {
            var env = ctx.getEnvironment();
            System.out.printf("settings: hosts=%s tasks=%d kills/round=%d rounds=%d pause=%ds seed=%d; gantry.reconcile.resync-interval=%s "
                    + "gantry.instances.heartbeat-interval=%s gantry.services.resync-interval=%s (production defaults unless set)%n",
                    hosts, tasks, kills, rounds, pause.toSeconds(), seed, env.getProperty("gantry.reconcile.resync-interval", "10s"),
                    env.getProperty("gantry.instances.heartbeat-interval", "5s"), env.getProperty("gantry.services.resync-interval", "5s"));
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            bench = new ReplacementBenchmark("http://127.0.0.1:" + port, engines);
            bench.run(rig, tasks, kills, rounds, pause, new Random(seed));
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            // after Gantry has stopped: while it runs, its service would replace whatever is removed
            if (bench != null) {
                bench.removeContainers();
            }
        }
        System.exit(code);
    }

    private void run(String rig, int tasks, int kills, int rounds, Duration pause, Random random) throws Exception {
        post("/v1/clusters", Map.of("clusterName", cluster));
        for (int h : engines.keySet()) {
            post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "unix://" + rig + "/h" + h + "/docker.sock",
                    "availabilityZone", "zone-" + h));
        }
        String family = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/task-definitions", Map.of("family", family, "containerDefinitions", List.of(Map.of("name", "main",
                "image", IMAGE, "memory", 8, "stopTimeout", 2, "command", List.of("sh", "-c", "exec sleep 3600")))));
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", family, "desiredCount", tasks,
                "placementStrategy", List.of(Map.of("type", "spread", "field", "instanceId"))));
        Set<String> running = awaitRunning(tasks, Set.of(), Duration.ofSeconds(180));
        System.out.printf("service of %d tasks RUNNING%n%n%-6s %s%n", tasks, "round", "kill → replacement RUNNING, ms");
        List<Double> samples = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> victims = new ArrayList<>(running);
            Collections.shuffle(victims, random);
            victims = victims.subList(0, kills);
            Map<String, Located> containers = locate();
            Instant killed = Instant.now();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (String task : victims) {
                    Located c = containers.get(task);
                    if (c == null) {
                        throw new IllegalStateException("no running container for task " + task);
                    }
                    done.add(threads.submit(() -> engines.get(c.host()).killContainerCmd(c.id()).exec()));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            Set<String> before = running;
            running = awaitRunning(tasks, new HashSet<>(victims), Duration.ofSeconds(120));
            List<Double> round_ = new ArrayList<>();
            for (String task : running) {
                if (!before.contains(task)) {
                    JsonNode t = get("/v1/clusters/" + cluster + "/tasks/" + task);
                    round_.add(Duration.between(killed, Instant.parse(t.get("startedAt").asString())).toNanos() / 1e6);
                }
            }
            Collections.sort(round_);
            samples.addAll(round_);
            System.out.printf("%-6d %s%n", round, round_.stream().map(ms -> String.format(Locale.ROOT, "%.0f", ms)).toList());
            Thread.sleep(pause);
        }
        Collections.sort(samples);
        System.out.printf(Locale.ROOT, "%nkill → replacement RUNNING over %d samples: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                samples.size(), percentile(samples, 50), percentile(samples, 90), percentile(samples, 99), samples.getLast());
    }

    /** Nearest rank. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    record Located(int host, String id) {
    }

    /** task id → its running container, from the engines themselves. */
    private Map<String, Located> locate() {
        Map<String, Located> found = new HashMap<>();
        engines.forEach((h, engine) -> {
            for (Container c : engine.listContainersCmd().withLabelFilter(Map.of("gantry.cluster", clusterArn)).exec()) {
                String arn = c.getLabels().get("gantry.task-arn");
                if (arn != null && "running".equals(c.getState())) {
                    found.put(arn.substring(arn.lastIndexOf('/') + 1), new Located(h, c.getId()));
                }
            }
        });
        return found;
    }

    /** Waits until the service has {@code count} RUNNING tasks, none of them in {@code excluded}; returns their ids. */
    private Set<String> awaitRunning(int count, Set<String> excluded, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Set<String> ids = new HashSet<>();
            for (JsonNode t : get("/v1/clusters/" + cluster + "/tasks?serviceName=web&maxResults=100").get("items")) {
                String id = t.get("taskArn").asString().replaceAll(".*/", "");
                if ("RUNNING".equals(t.get("lastStatus").asString()) && !excluded.contains(id)) {
                    ids.add(id);
                }
            }
            if (ids.size() >= count) {
                return ids;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ids.size() + " of " + count + " tasks RUNNING after " + atMost);
            }
            // polling is not what is measured (startedAt is), so it need not be fast and take CPU from the engines
            Thread.sleep(100);
        }
    }

    private void removeContainers() {
        engines.values().forEach(engine -> engine.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("gantry.cluster", clusterArn)).exec()
                .forEach(c -> {
                    try {
                        engine.removeContainerCmd(c.getId()).withForce(true).exec();
                    } catch (RuntimeException ignored) {
                        // gone already
                    }
                }));
    }

    private JsonNode post(String path, Object body) throws Exception {
        return send(TestCredentials.request(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
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
