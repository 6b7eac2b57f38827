package dev.gantry.reconcile.bench;

import dev.gantry.GantryApplication;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.CreateClusterRequest;
import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.sim.SimulatedDockerHost;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import dev.gantry.instance.InstanceManagement;
import dev.gantry.instance.RegisterContainerInstanceRequest;
import dev.gantry.reconcile.ClusterLeadership;
import dev.gantry.service.CreateServiceRequest;
import dev.gantry.service.ServiceManagement;
import dev.gantry.service.UpdateServiceRequest;
import dev.gantry.taskdef.RegisterTaskDefinitionRequest;
import dev.gantry.taskdef.TaskDefinitionManagement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale of the scheduler on 1,000 hollow (simulated, in-memory) Docker hosts, the whole control
 * plane and a real PostgreSQL otherwise: (a) 100 services × 100 tasks from zero to steady state,
 * (b) one host lost, (c) 10% of hosts lost at once, (d) one service scaled 0 → 5,000.
 * Run with {@code scripts/bench-scheduler.sh}; prints its figures. Not a test.
 */
public final class HollowScaleBenchmark {

    private static final String CLUSTER = "bench";
    private final ConfigurableApplicationContext app;
    private final JdbcClient jdbc;
    private final int hosts;
    private final List<String> rows = new ArrayList<>();

    private HollowScaleBenchmark(ConfigurableApplicationContext app, int hosts) {
        this.app = app;
        this.jdbc = app.getBean(JdbcClient.class);
        this.hosts = hosts;
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path data = Files.createTempDirectory("gantry-bench");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GantryApplication.class).run(
                "--server.port=0", "--gantry.docker.adapter=simulated",
                "--gantry.embedded-postgres.data-directory=" + data, "--spring.datasource.hikari.maximum-pool-size=30",
                "--gantry.reconcile.resync-interval=30s", "--gantry.services.resync-interval=30s",
                "--gantry.services.settle-time=0s", "--gantry.instances.heartbeat-interval=1s",
                "--gantry.instances.heartbeat-failures=1", "--gantry.instances.loss-timeout=2s",
                "--gantry.leadership.renew-interval=1s", "--logging.level.root=WARN",
                "--logging.level.dev.gantry=WARN")) {
            new HollowScaleBenchmark(app, hosts).run();
        }
    }

    private void run() throws Exception {
        app.getBean(ClusterManagement.class).createCluster(new CreateClusterRequest(CLUSTER, null, null));
        long clusterId = jdbc.sql("SELECT id FROM cluster WHERE name = :n AND status = 'ACTIVE'").param("n", CLUSTER)
                .query(Long.class).single();
        await("lease", Duration.ofSeconds(30), () -> app.getBean(ClusterLeadership.class).leads(clusterId));
        long t = System.nanoTime();
        InstanceManagement instances = app.getBean(InstanceManagement.class);
        for (int i = 0; i < hosts; i++) {
            instances.registerContainerInstance(CLUSTER, new RegisterContainerInstanceRequest(endpoint(i), null,
                    "zone-" + (i % 3), null));
        }
        row("register " + hosts + " hollow hosts", seconds(t), hosts / seconds(t), "hosts/s");
        JsonMapper json = app.getBean(JsonMapper.class);
        app.getBean(TaskDefinitionManagement.class).registerTaskDefinition(json.readValue("""
                {"family": "hollow", "containerDefinitions": [{"name": "app", "image": "gantry-test/busybox:1",
                 "cpu": 10, "memory": 16, "command": ["sleep", "1000000"]}]}""", RegisterTaskDefinitionRequest.class));
        servicesFromZero();
        steadyPassTime();
        oneHostLost();
        tenPercentLost();
        scaleOneService();
        System.out.println();
        System.out.println("| scenario | seconds | rate | unit |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private void servicesFromZero() {
        ServiceManagement services = app.getBean(ServiceManagement.class);
        long t = System.nanoTime();
        for (int s = 0; s < 100; s++) {
            services.createService(CLUSTER, new CreateServiceRequest("svc-" + s, "hollow", 100, null, null, null, null,
                    null, null, null, null, null));
        }
        await("10,000 tasks placed", Duration.ofMinutes(10), () -> liveTasks() >= 10_000);
        double placed = seconds(t);
        row("(a) 100 services x 100 tasks placed and committed", placed, 10_000 / placed, "tasks/s");
        await("10,000 tasks RUNNING", Duration.ofMinutes(10), () -> runningTasks() >= 10_000);
        row("(a) ... all RUNNING", seconds(t), 10_000 / seconds(t), "tasks/s");
    }

    private void steadyPassTime() throws InterruptedException {
        Timer passes = app.getBean(MeterRegistry.class).find("gantry.reconcile.duration").tag("reconciler", "service").timer();
        long before = passes.count();
        double totalBefore = passes.totalTime(TimeUnit.MILLISECONDS);
        long tx = transactions();
        Thread.sleep(Duration.ofSeconds(35));
        long n = passes.count() - before;
        double mean = n == 0 ? 0 : (passes.totalTime(TimeUnit.MILLISECONDS) - totalBefore) / n;
        row("steady state: service pass (mean of " + n + ")", mean / 1000, n == 0 ? 0 : (double) (transactions() - tx) / n,
                "DB transactions/pass (all loops)");
    }

    private void oneHostLost() {
        String busiest = jdbc.sql("""
                SELECT container_instance_id FROM task WHERE last_status = 'RUNNING'
                GROUP BY container_instance_id ORDER BY count(*) DESC LIMIT 1""").query(String.class).single();
        int onIt = jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id = :i AND last_status = 'RUNNING'")
                .param("i", busiest).query(Integer.class).single();
        failHosts(List.of(busiest));
        await("loss detected", Duration.ofMinutes(2), () -> stoppedOn(List.of(busiest)) >= onIt);
        long t = System.nanoTime();
        await("replaced", Duration.ofMinutes(2), () -> runningTasks() >= 10_000);
        row("(b) one host lost, " + onIt + " tasks replaced after detection", seconds(t), onIt / seconds(t), "tasks/s");
    }

    private void tenPercentLost() {
        List<String> victims = jdbc.sql("""
                SELECT id FROM container_instance WHERE status = 'ACTIVE' AND agent_connected ORDER BY id LIMIT :n""")
                .param("n", hosts / 10).query(String.class).list();
        int lost = jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id IN (:v) AND last_status = 'RUNNING'")
                .param("v", victims).query(Integer.class).single();
        failHosts(victims);
        await("loss detected", Duration.ofMinutes(2), () -> stoppedOn(victims) >= lost);
        long t = System.nanoTime();
        await("replaced", Duration.ofMinutes(5), () -> runningTasks() >= 10_000);
        row("(c) 10% of hosts lost, " + lost + " tasks replaced after detection", seconds(t), lost / seconds(t), "replacements/s");
    }

    private void scaleOneService() {
        ServiceManagement services = app.getBean(ServiceManagement.class);
        services.createService(CLUSTER, new CreateServiceRequest("big", "hollow", 0, null, null, null, null, null, null,
                null, null, null));
        long t = System.nanoTime();
        services.updateService(CLUSTER, "big", new UpdateServiceRequest(5000, null, null, null, null, null, null, null), null);
        await("5,000 placed", Duration.ofMinutes(10), () -> serviceTasks("big") >= 5000);
        row("(d) one service 0 -> 5,000 placed", seconds(t), 5000 / seconds(t), "tasks/s");
    }

    private void failHosts(List<String> instanceIds) {
        SimulatedDockerHostFactory factory = (SimulatedDockerHostFactory) app.getBean(DockerHostFactory.class);
        for (String id : instanceIds) {
            String uri = jdbc.sql("SELECT docker_endpoint FROM container_instance WHERE id = :i").param("i", id)
                    .query(String.class).single();
            factory.host(uri).setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, Duration.ZERO);
        }
    }

    private int stoppedOn(List<String> instanceIds) {
        return jdbc.sql("SELECT count(*) FROM task WHERE container_instance_id IN (:v) AND last_status = 'STOPPED' "
                + "AND stop_code = 'InfrastructureHealth'").param("v", instanceIds).query(Integer.class).single();
    }

    private int liveTasks() {
        return jdbc.sql("SELECT count(*) FROM task WHERE last_status <> 'STOPPED'").query(Integer.class).single();
    }

    private int runningTasks() {
        return jdbc.sql("SELECT count(*) FROM task WHERE last_status = 'RUNNING' AND desired_status = 'RUNNING'")
                .query(Integer.class).single();
    }

    private int serviceTasks(String name) {
        return jdbc.sql("SELECT count(*) FROM task t JOIN service s ON s.id = t.service_id WHERE s.name = :n "
                + "AND t.last_status <> 'STOPPED'").param("n", name).query(Integer.class).single();
    }

    private long transactions() {
        return jdbc.sql("SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database").query(Long.class).single();
    }

    private static String endpoint(int i) {
        return "tcp://hollow-" + i + ":2375";
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void row(String scenario, double seconds, double rate, String unit) {
        String line = String.format("| %s | %.2f | %.0f | %s |", scenario, seconds, rate, unit);
        rows.add(line);
        System.out.println(line);
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
