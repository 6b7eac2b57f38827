package dev.gantry.service.bench;

import dev.gantry.bench.BenchArgs;
import dev.gantry.bench.HollowCluster;
import dev.gantry.docker.sim.SimulatedDockerHost;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
 * {@code hosts=1000 services=100 tasks=100 scale=5000 phaseTimeout=600 fault=partitioned latencyMedian=2ms
 * latencyP99=20ms seed=...}. Lost hosts are {@code PARTITIONED} by default: their calls hang until the client's
 * timeouts, as a black-holed engine's do. (b) and (c) report detection (fault → loss declared: heartbeat timeout
 * plus loss timeout) beside replacement (declared → RUNNING); (c) waits until every lost host has been declared.
 * Run with {@code scripts/bench-scheduler.sh} or {@code scripts/bench.sh}. Figures are printed as measured,
 * whether or not they meet the target.
 */
public final class SchedulerScaleBenchmark {

    static final AtomicLong STATEMENTS = new AtomicLong();

    private final HollowCluster gantry;
    private final SimulatedDockerHostFactory sim;
    private final JdbcClient jdbc;
    private final Duration phaseTimeout;
    private final SimulatedDockerHost.FaultMode fault;

    private SchedulerScaleBenchmark(HollowCluster gantry, Duration phaseTimeout, SimulatedDockerHost.FaultMode fault) {
        this.gantry = gantry;
        this.sim = gantry.sim;
        this.jdbc = gantry.jdbc;
        this.phaseTimeout = phaseTimeout;
        this.fault = fault;
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        int hosts = args.integer("hosts", 1000);
        int services = args.integer("services", 100);
        int tasks = args.integer("tasks", 100);
        int scale = args.integer("scale", 5000);
        Duration timeout = Duration.ofSeconds(args.integer("phaseTimeout", 600));
        SimulatedDockerHost.FaultMode fault = SimulatedDockerHost.FaultMode.valueOf(
                args.string("fault", "partitioned").toUpperCase(Locale.ROOT));
        // production timings (application.yml), except the loss timeout: a minute of waiting for each loss would only
        // lengthen the run; detection is reported beside replacement, so its share is visible
        System.out.printf(Locale.ROOT, "settings: loss timeout and failover grace 10 s (production: 60 s each); lost hosts are %s%n", fault);
        try (HollowCluster gantry = HollowCluster.start(args,
                // a bean, not addBeanPostProcessor: it must wrap the DataSource after Gantry's own wrapper has
                b -> b.initializers(c -> ((org.springframework.context.support.GenericApplicationContext) c)
                        .registerBean(CountingDataSource.class)),
                "logging.level.dev.gantry.reconcile.ClusterLeadership=INFO", "gantry.instances.loss-timeout=10s",
                // no loss is declared within the failover grace after the lease is taken: shortened like the loss
                // timeout, or (b) would measure the rest of the grace when it starts within 60 s of the start
                "gantry.instances.failover-grace=10s")) {
            var bench = new SchedulerScaleBenchmark(gantry, timeout, fault);
            bench.run(gantry.ctx.getBean(MeterRegistry.class), hosts, services, tasks, scale);
        }
        System.exit(0);
    }

    private void run(MeterRegistry meters, int hosts, int services, int tasks, int scale)
            throws Exception {
        System.out.printf(Locale.ROOT, "Hollow-host benchmark: %d hosts, %d services x %d tasks, scale-out to %d%n",
                hosts, services, tasks, scale);
        post("/v1/clusters", "{\"clusterName\":\"bench\"}");
        gantry.registerHosts("bench", hosts);
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
        HollowCluster.metric("scheduler.a.committed_per_s", total / committed, "tasks/s");
        HollowCluster.metric("scheduler.a.running_per_s", total / running, "tasks/s");

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
        sim.host(victim).setFault(fault, Duration.ZERO);
        long detected = awaitDetection(lostAt, onVictim);
        double bReplaced = await("(b) packed back to 100 RUNNING", () -> runningOf("packed") == 100 ? 100 : 0, 100, detected);
        report("(b) detection: fault -> loss declared", (detected - lostAt) / 1e9, "s", "(heartbeat timeout + loss timeout)");
        report("(b) replaced after detection", bReplaced, "s", "<= 2 s");
        report("(b) fault -> all replaced and RUNNING", secs(lostAt), "s", "(what a user waits)");
        HollowCluster.metric("scheduler.b.detection", (detected - lostAt) / 1e9, "s");
        HollowCluster.metric("scheduler.b.replaced_after_detection", bReplaced, "s");

        // (c) 10% of the hosts at once
        long stoppedBefore = lostStopped();
        List<String> endpoints = jdbc.sql("SELECT docker_endpoint FROM container_instance WHERE status = 'ACTIVE' AND agent_connected "
                + "ORDER BY random() LIMIT :n").param("n", hosts / 10).query(String.class).list();
        long liveOnThem = count("SELECT count(*) FROM task t JOIN container_instance ci ON ci.id = t.container_instance_id "
                + "WHERE t.last_status = 'RUNNING' AND ci.docker_endpoint IN ('" + String.join("','", endpoints) + "')");
        long c0 = System.nanoTime();
        endpoints.forEach(e -> sim.host(e).setFault(fault, Duration.ZERO));
        // the first loss declared starts the replacements; (c) is over only when every lost host has been declared
        // (losses are declared at a bounded rate) and every task it held has been replaced and is RUNNING again
        long cFirst = awaitDetection(c0, stoppedBefore + 1);
        long cLast = awaitDetection(c0, stoppedBefore + liveOnThem);
        long expected = total + 100;
        await("(c) all services back at desired", this::running, expected, cLast);
        double cSecs = secs(cFirst);
        report("(c) detection: fault -> first loss declared", (cFirst - c0) / 1e9, "s", "(heartbeat timeout + loss timeout)");
        report("(c) detection: fault -> last loss declared", (cLast - c0) / 1e9, "s", "(declarations are rate-bounded)");
        report("(c) replacements of " + liveOnThem + " tasks on " + endpoints.size() + " hosts, from the first declaration",
                liveOnThem / cSecs, "replacements/s", ">= 1,000");
        report("(c) fault -> all replaced and RUNNING", secs(c0), "s", "(what a user waits)");
        HollowCluster.metric("scheduler.c.detection_first", (cFirst - c0) / 1e9, "s");
        HollowCluster.metric("scheduler.c.detection_last", (cLast - c0) / 1e9, "s");
        HollowCluster.metric("scheduler.c.replacements_per_s", liveOnThem / cSecs, "replacements/s");
        HollowCluster.metric("scheduler.c.fault_to_all_running", secs(c0), "s");
        timeline("(c)", endpoints);

        // (d)
        post("/v1/clusters/bench/services", "{\"serviceName\":\"wide\",\"taskDefinition\":\"bench:1\",\"desiredCount\":0}");
        long d0 = System.nanoTime();
        patch("/v1/clusters/bench/services/wide", "{\"desiredCount\":" + scale + "}");
        double dSecs = await("(d) wide RUNNING", () -> runningOf("wide"), scale, d0);
        report("(d) scale 0 -> " + scale, scale / dSecs, "tasks/s", ">= 100");
        HollowCluster.metric("scheduler.d.tasks_per_s", scale / dSecs, "tasks/s");
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

    /** Waits until at least {@code atLeast} tasks of lost hosts are stopped (InfrastructureHealth); returns when that was first seen. */
    private long awaitDetection(long since, long atLeast) {
        long deadline = since + phaseTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lostStopped() >= atLeast) {
                System.out.printf(Locale.ROOT, "    %d tasks of lost hosts stopped %.1f s after the fault%n", atLeast, secs(since));
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
        if (passes > 0) {
            HollowCluster.metric("scheduler.steady.service_pass_mean", ms / passes, "ms");
        }
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
        gantry.post(path, body);
    }

    private void patch(String path, String body) {
        gantry.patch(path, body);
    }

    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
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
