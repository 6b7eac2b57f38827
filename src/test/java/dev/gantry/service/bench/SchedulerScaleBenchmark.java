package dev.gantry.service.bench;

import dev.gantry.GantryApplication;
import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.sim.SimulatedDockerHost;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 5's hollow-host scale benchmark: the whole application (production timings, a 10 s loss timeout) on
 * {@code gantry.docker.adapter=simulated} hosts, driven over HTTP, measured from the database.
 * <pre>
 *   (a) S services × T tasks from zero to steady state     target ≥ 2,500 tasks placed and committed / s
 *       (the services are created by ten concurrent API clients)
 *   (b) one host lost holding 100 tasks of a service          target all replaced ≤ 2 s after detection
 *   (c) 10% of the hosts lost at once                          target ≥ 1,000 replacements / s
 *   (d) one service scaled 0 → 5,000                            target ≥ 100 tasks / s
 * </pre>
 * Also the service reconcile pass time at steady state and PostgreSQL statements per pass (every
 * prepared or plain JDBC statement, counted by a DataSource proxy). Arguments:
 * {@code hosts=1000 services=100 tasks=100 scale=5000 phaseTimeout=600}. Run with
 * {@code scripts/bench-scheduler.sh}. Figures are printed as measured, whether or not they meet the target.
 */
public final class SchedulerScaleBenchmark {

    static final AtomicLong STATEMENTS = new AtomicLong();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final JdbcClient jdbc;
    private final Duration phaseTimeout;

    private SchedulerScaleBenchmark(String base, JdbcClient jdbc, Duration phaseTimeout) {
        this.base = base;
        this.jdbc = jdbc;
        this.phaseTimeout = phaseTimeout;
    }

    public static void main(String[] args) throws Exception {
        int hosts = arg(args, "hosts", 1000);
        int services = arg(args, "services", 100);
        int tasks = arg(args, "tasks", 100);
        int scale = arg(args, "scale", 5000);
        Duration timeout = Duration.ofSeconds(arg(args, "phaseTimeout", 600));
        // production timings (application.yml), except the loss timeout: (b) and (c) measure from detection,
        // and a minute of waiting for it would only lengthen the run
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("gantry-bench");
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(GantryApplication.class)
                .properties("gantry.docker.adapter=simulated", "server.port=0", "logging.level.root=ERROR",
                        "logging.level.dev.gantry.reconcile.ClusterLeadership=INFO", "springdoc.api-docs.enabled=false",
                        "gantry.embedded-postgres.data-directory=" + data, "gantry.instances.loss-timeout=10s")
                // a bean, not addBeanPostProcessor: it must wrap the DataSource after Gantry's own wrapper has
                .initializers(c -> ((org.springframework.context.support.GenericApplicationContext) c)
                        .registerBean(CountingDataSource.class))
                .run();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            SimulatedDockerHostFactory sim = (SimulatedDockerHostFactory) ctx.getBean(DockerHostFactory.class);
            ticker.scheduleWithFixedDelay(sim::tickAll, 100, 100, TimeUnit.MILLISECONDS);
            String port = ctx.getEnvironment().getProperty("local.server.port");
            var bench = new SchedulerScaleBenchmark("http://127.0.0.1:" + port, ctx.getBean(JdbcClient.class), timeout);
            bench.run(sim, ctx.getBean(MeterRegistry.class), hosts, services, tasks, scale);
        } finally {
            ticker.shutdownNow();
            ctx.close();
        }
        System.exit(0);
    }

    private void run(SimulatedDockerHostFactory sim, MeterRegistry meters, int hosts, int services, int tasks, int scale)
            throws Exception {
        System.out.printf(Locale.ROOT, "Hollow-host benchmark: %d hosts, %d services x %d tasks, scale-out to %d%n",
                hosts, services, tasks, scale);
        post("/v1/clusters", "{\"clusterName\":\"bench\"}");
        long t = System.nanoTime();
        for (int h = 0; h < hosts; h++) {
            post("/v1/clusters/bench/container-instances", "{\"dockerEndpoint\":\"tcp://hollow-" + h
                    + ":2375\",\"availabilityZone\":\"zone-" + (h % 3) + "\"}");
        }
        System.out.printf(Locale.ROOT, "registered %d hosts in %.1f s%n", hosts, secs(t));
        post("/v1/task-definitions", "{\"family\":\"bench\",\"containerDefinitions\":[{\"name\":\"main\","
                + "\"image\":\"gantry-test/busybox:1\",\"memory\":16,\"cpu\":8,\"command\":[\"sh\",\"-c\",\"sleep 86400\"]}]}");

        // (a)
        long a0 = System.nanoTime();
        // ten clients at once, as infrastructure-as-code tools create resources (Terraform's default parallelism)
        try (var clients = java.util.concurrent.Executors.newFixedThreadPool(10)) {
            List<java.util.concurrent.Future<?>> created = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                String name = "svc-" + s;
                created.add(clients.submit(() -> post("/v1/clusters/bench/services", "{\"serviceName\":\"" + name
                        + "\",\"taskDefinition\":\"bench:1\",\"desiredCount\":" + tasks + "}")));
            }
            for (var f : created) {
                f.get();
            }
        }
        System.out.printf(Locale.ROOT, "    (a) %d services created over HTTP (10 clients) in %.2f s%n", services, secs(a0));
        int total = services * tasks;
        double committed = await("(a) tasks committed", () -> count("SELECT count(*) FROM task"), total, a0);
        double running = await("(a) tasks RUNNING", this::running, total, a0);
        report("(a) placed and committed", total / committed, "tasks/s", ">= 2,500");
        report("(a) to steady state (RUNNING)", total / running, "tasks/s", "(informative)");

        steadyPass(meters);

        // (b) one host with 100 tasks of one service (binpack puts them together)
        post("/v1/clusters/bench/services", "{\"serviceName\":\"packed\",\"taskDefinition\":\"bench:1\",\"desiredCount\":100,"
                + "\"placementStrategy\":[{\"type\":\"binpack\",\"field\":\"memory\"}]}");
        await("(b) packed service RUNNING", () -> runningOf("packed"), 100, System.nanoTime());
        String victim = jdbc.sql("""
                SELECT ci.docker_endpoint FROM task t JOIN service s ON s.id = t.service_id JOIN container_instance ci ON ci.id = t.container_instance_id
                WHERE s.name = 'packed' AND t.last_status = 'RUNNING' GROUP BY ci.docker_endpoint ORDER BY count(*) DESC LIMIT 1""")
                .query(String.class).single();
        long onVictim = count("SELECT count(*) FROM task t JOIN container_instance ci ON ci.id = t.container_instance_id "
                + "JOIN service s ON s.id = t.service_id WHERE s.name = 'packed' AND t.last_status = 'RUNNING' AND ci.docker_endpoint = '"
                + victim + "'");
        System.out.printf(Locale.ROOT, "(b) %s holds %d tasks of 'packed'; making it unreachable%n", victim, onVictim);
        long lostAt = System.nanoTime();
        sim.host(victim).setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, Duration.ZERO);
        long detected = awaitDetection(lostAt, 1);
        await("(b) packed back to 100 RUNNING", () -> runningOf("packed") == 100 && lostStopped() >= onVictim ? 100 : 0,
                100, detected);
        report("(b) replaced after detection", secs(detected), "s", "<= 2 s");

        // (c) 10% of the hosts at once
        long stoppedBefore = lostStopped();
        List<String> endpoints = jdbc.sql("SELECT docker_endpoint FROM container_instance WHERE status = 'ACTIVE' AND agent_connected "
                + "ORDER BY random() LIMIT :n").param("n", hosts / 10).query(String.class).list();
        long liveOnThem = count("SELECT count(*) FROM task t JOIN container_instance ci ON ci.id = t.container_instance_id "
                + "WHERE t.last_status = 'RUNNING' AND ci.docker_endpoint IN ('" + String.join("','", endpoints) + "')");
        long c0 = System.nanoTime();
        endpoints.forEach(e -> sim.host(e).setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, Duration.ZERO));
        long cDetected = awaitDetection(c0, stoppedBefore + 1);
        long expected = total + 100;
        double cSecs = await("(c) all services back at desired", this::running, expected, cDetected);
        report("(c) replacements of " + liveOnThem + " tasks on " + endpoints.size() + " hosts", liveOnThem / cSecs,
                "replacements/s", ">= 1,000");
        timeline("(c)", endpoints);

        // (d)
        post("/v1/clusters/bench/services", "{\"serviceName\":\"wide\",\"taskDefinition\":\"bench:1\",\"desiredCount\":0}");
        long d0 = System.nanoTime();
        patch("/v1/clusters/bench/services/wide", "{\"desiredCount\":" + scale + "}");
        double dSecs = await("(d) wide RUNNING", () -> runningOf("wide"), scale, d0);
        report("(d) scale 0 -> " + scale, scale / dSecs, "tasks/s", ">= 100");
        steadyPass(meters);
    }

    /** Where the time of a loss went, from the tasks' own timestamps (seconds after the first loss was declared). */
    private void timeline(String phase, List<String> lostEndpoints) {
        jdbc.sql("""
                WITH lost AS (SELECT t.stopped_at FROM task t JOIN container_instance ci ON ci.id = t.container_instance_id
                              WHERE t.stop_code = 'InfrastructureHealth' AND ci.docker_endpoint IN (:e)),
                     t0 AS (SELECT min(stopped_at) AS at FROM lost),
                     replaced AS (SELECT created_at, started_at FROM task, t0 WHERE created_at >= t0.at)
                SELECT extract(epoch FROM (SELECT max(stopped_at) FROM lost) - t0.at),
                       extract(epoch FROM (SELECT max(created_at) FROM replaced) - t0.at),
                       extract(epoch FROM (SELECT max(started_at) FROM replaced) - t0.at),
                       (SELECT count(*) FROM replaced)
                FROM t0""").param("e", lostEndpoints).query((rs, n) -> {
                    System.out.printf(Locale.ROOT, "    %s after the first loss was declared: last loss declared %.2f s, last replacement "
                            + "committed %.2f s, last RUNNING %.2f s (%d replacements)%n", phase, rs.getDouble(1), rs.getDouble(2),
                            rs.getDouble(3), rs.getLong(4));
                    return null;
                }).list();
    }

    /** Waits until tasks of lost hosts are stopped (InfrastructureHealth); returns when that was first seen. */
    private long awaitDetection(long since, long atLeast) {
        long deadline = since + phaseTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lostStopped() >= atLeast) {
                System.out.printf(Locale.ROOT, "    loss detected %.1f s after the fault%n", secs(since));
                return System.nanoTime();
            }
            pause();
        }
        throw new IllegalStateException("loss not detected within " + phaseTimeout);
    }

    private long lostStopped() {
        return count("SELECT count(*) FROM task WHERE stop_code = 'InfrastructureHealth'");
    }

    /** Mean service reconcile pass and statements per pass over a 10 s window at steady state. */
    private void steadyPass(MeterRegistry meters) {
        Timer timer = meters.find("gantry.reconcile.duration").tag("reconciler", "service").timer();
        if (timer == null) {
            System.out.println("steady state: no service reconcile timer found");
            return;
        }
        long passes0 = timer.count();
        double total0 = timer.totalTime(TimeUnit.MILLISECONDS);
        long statements0 = STATEMENTS.get();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            pause();
        }
        long passes = timer.count() - passes0;
        double ms = timer.totalTime(TimeUnit.MILLISECONDS) - total0;
        long statements = STATEMENTS.get() - statements0;
        System.out.printf(Locale.ROOT, "steady state: %d service passes in 10 s, mean %.2f ms/pass, max %.1f ms; "
                + "%d PostgreSQL statements in the window (all components), %.1f per service pass%n", passes,
                passes == 0 ? 0 : ms / passes, timer.max(TimeUnit.MILLISECONDS), statements,
                passes == 0 ? 0 : statements / (double) passes);
    }

    private double await(String what, LongSupplier current, long target, long since) {
        long deadline = since + phaseTimeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = current.getAsLong();
            if (last >= target) {
                double s = secs(since);
                System.out.printf(Locale.ROOT, "    %s: %d after %.2f s%n", what, last, s);
                return s;
            }
            pause();
        }
        System.out.printf(Locale.ROOT, "    %s: only %d of %d after %s (timed out)%n", what, last, target, phaseTimeout);
        return secs(since);
    }

    private long running() {
        return count("SELECT count(*) FROM task WHERE last_status = 'RUNNING' AND desired_status = 'RUNNING'");
    }

    private long runningOf(String service) {
        return count("SELECT count(*) FROM task t JOIN service s ON s.id = t.service_id WHERE s.name = '" + service
                + "' AND t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void report(String what, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "RESULT %-55s %10.2f %-15s target %s%n", what, value, unit, target);
    }

    private void post(String path, String body) {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void patch(String path, String body) {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " -> " + r.statusCode() + " " + r.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int arg(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    /** Counts every JDBC statement the application creates, through proxies of the DataSource and its connections. */
    static final class CountingDataSource implements BeanPostProcessor, org.springframework.core.Ordered {

        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof DataSource ds)) {
                return bean;
            }
            return Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                    forwarding(ds, (method, result) -> method.startsWith("getConnection") ? connection((java.sql.Connection) result) : result));
        }

        private static Object connection(java.sql.Connection c) {
            return Proxy.newProxyInstance(java.sql.Connection.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                    forwarding(c, (method, result) -> {
                        if (method.equals("prepareStatement") || method.equals("createStatement") || method.equals("prepareCall")) {
                            STATEMENTS.incrementAndGet();
                        }
                        return result;
                    }));
        }

        interface After {
            Object apply(String method, Object result);
        }

        private static InvocationHandler forwarding(Object target, After after) {
            return (proxy, method, args) -> {
                if (method.getName().equals("unwrap") && args != null && ((Class<?>) args[0]).isInstance(target)) {
                    return target;
                }
                try {
                    return after.apply(method.getName(), method.invoke(target, args));
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
        }
    }
}
