package dev.gantry.reconcile;

import static org.awaitility.Awaitility.await;

import dev.gantry.Seeds;
import dev.gantry.docker.sim.SimulatedDockerHost;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One scenario on simulated hosts in virtual time: the real application (API, reconcilers, heartbeat, launcher,
 * PostgreSQL) with nothing running by itself. Spring's scheduled jobs do not run and the reconcile queues are closed
 * ({@link ScenarioConfiguration}); a {@link #step} moves virtual time and then runs, in this order and each to its
 * end: the simulated engines' due transitions, the lease renewal, a heartbeat of every host and the loss check, a
 * pass of every host, a pass of every service. Then {@link Invariants} are checked.
 *
 * <p>The seed chooses the length of every step (one to two seconds), whatever a scenario picks at random (which
 * host fails, when) and everything the application draws itself: before the scenario creates anything it reseeds
 * the application's {@link dev.gantry.shared.Randomness} (task, instance, container, deployment and event ids,
 * placement's and scale-in's tie-breaks) and the simulated engines (container ids, latency samples) from the seed
 * and the scenario's name. It is printed, and {@code -Dgantry.seed=N} replays it all ({@link Seeds}): the same
 * {@link #trace()}, step by step. The cluster's name is the scenario's, the seed's and how many clusters of that name
 * the database has seen, so a replay in a fresh JVM names it as the first run did; the name never decides anything.
 */
final class ScenarioHarness {

    static final Duration STEP = Duration.ofSeconds(1);

    final String cluster;
    final long clusterId;
    final long seed;
    final SplittableRandom random;
    final VirtualTime time;
    final Invariants invariants;
    private final Parts parts;
    private final List<String> endpoints = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final java.util.Set<String> tracedEvents = new java.util.HashSet<>();
    private int steps;

    /** The application's beans a step drives. */
    record Parts(RestTestClient http, JdbcClient jdbc, ServiceReconciler services, HostReconciler hosts,
            HeartbeatMonitor heartbeat, TaskLauncher launcher, ClusterLeadership leadership, DatabaseClock databaseClock,
            SimulatedDockerHostFactory engines) {
    }

    ScenarioHarness(String name, Parts parts, VirtualTime time, ScenarioRandomness randomness, Duration settleTime) {
        this(name, Seeds.seed("scenario " + name), parts, time, randomness, settleTime);
    }

    /** A scenario under {@code seed} (a replay); {@code name} must be the scenario's for its draws to replay. */
    ScenarioHarness(String name, long seed, Parts parts, VirtualTime time, ScenarioRandomness randomness,
            Duration settleTime) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.parts = parts;
        this.time = time;
        // the scenario's name in the application's seed: scenarios run under one -Dgantry.seed draw different ids
        long applicationSeed = seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
        randomness.reseed(applicationSeed);
        parts.engines().seedNewHosts(applicationSeed);
        String prefix = name + "-" + Long.toHexString(seed & 0xffffffL) + "-";
        this.cluster = prefix + (1 + parts.jdbc().sql("SELECT count(*) FROM cluster WHERE starts_with(name, ?)")
                .param(prefix).query(Integer.class).single());
        post("/v1/clusters", Map.of("clusterName", cluster));
        this.clusterId = parts.jdbc().sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(cluster)
                .query(Long.class).single();
        this.invariants = new Invariants(parts.jdbc(), clusterId, settleTime);
        parts.leadership().renew();
    }

    // ---- set-up through the API

    void post(String uri, Object body) {
        parts.http().post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    void put(String uri, Object body) {
        parts.http().put().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    void patch(String uri, Object body) {
        parts.http().patch().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    /** Registers {@code n} simulated hosts (2 CPUs, 4 GiB each). */
    void registerHosts(int n) {
        for (int i = 0; i < n; i++) {
            String endpoint = "tcp://" + cluster + "-" + endpoints.size() + ":2375";
            endpoints.add(endpoint);
            post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", endpoint));
        }
    }

    SimulatedDockerHost engine(int host) {
        return parts.engines().host(endpoints.get(host));
    }

    int hosts() {
        return endpoints.size();
    }

    String instanceId(int host) {
        return parts.jdbc().sql("SELECT id FROM container_instance WHERE cluster_id = ? AND docker_endpoint = ?")
                .param(clusterId).param(endpoints.get(host)).query(String.class).single();
    }

    long serviceId(String service) {
        return parts.jdbc().sql("SELECT id FROM service WHERE cluster_id = ? AND name = ? AND status <> 'INACTIVE'")
                .param(clusterId).param(service).query(Long.class).single();
    }

    // ---- faults

    /** The engine stops answering for good (a dead machine or daemon). */
    void killHost(int host) {
        engine(host).setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, null);
    }

    /** The engine cannot be reached until {@link #heal}; its containers keep running meanwhile. */
    void partition(int host) {
        engine(host).setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, null);
    }

    void heal(int host) {
        engine(host).setFault(SimulatedDockerHost.FaultMode.NONE, null);
    }

    /** Injects skew: the replica's clock runs {@code skew} ahead of (negative: behind) the database's and the engines'. */
    void skewReplicaClock(Duration skew) {
        time.skewJvm(skew);
        // as the periodic measurement would (gantry.clock.measure-interval)
        parts.databaseClock().measure();
    }

    // ---- stepping

    /** One step of about {@link #STEP}: a random extra of up to one more, from the seed. */
    void step() {
        step(STEP.plusMillis(random.nextInt(1000)));
    }

    void step(Duration by) {
        time.advance(by, parts.jdbc());
        parts.engines().tickAll();
        parts.leadership().renew();
        parts.heartbeat().beat();
        quiet(parts.heartbeat()::idle);
        parts.heartbeat().declareLostHosts();
        for (String instance : parts.jdbc().sql(
                "SELECT id FROM container_instance WHERE cluster_id = ? AND status <> 'INACTIVE' ORDER BY id")
                .param(clusterId).query(String.class).list()) {
            parts.hosts().reconcile(instance);
            quiet(parts.launcher()::idle);
        }
        for (Long service : parts.jdbc().sql(
                "SELECT id FROM service WHERE cluster_id = ? AND status <> 'INACTIVE' ORDER BY id")
                .param(clusterId).query(Long.class).list()) {
            parts.services().reconcile(service);
            quiet(parts.launcher()::idle);
        }
        steps++;
        trace.add(traceOfStep(by));
        try {
            invariants.check("step " + steps + " at " + time.now());
        } catch (AssertionError e) {
            throw new AssertionError("Scenario seed " + seed + " (replay with -D" + Seeds.PROPERTY + "=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** Steps until {@code done} holds; fails, naming the seed, if it does not within {@code maxSteps}. */
    int stepUntil(String what, int maxSteps, BooleanSupplier done) {
        java.time.Instant from = time.now();
        for (int i = 0; i <= maxSteps; i++) {
            if (done.getAsBoolean()) {
                System.out.println("Scenario seed " + seed + ": " + what + " after " + i + " steps, "
                        + Duration.between(from, time.now()).toMillis() + " ms of virtual time");
                return i;
            }
            if (i < maxSteps) {
                step();
            }
        }
        throw new AssertionError("Scenario seed " + seed + ": not " + what + " after " + maxSteps + " steps (virtual "
                + time.now() + ")");
    }

    int steps() {
        return steps;
    }

    /**
     * What happened, one entry per step: its length, every task of the cluster (id, host by registration order, last
     * and desired status, stop code) and the service events recorded since the step before, in their order. Ids are
     * the application's draws, so two runs under one seed give equal traces only if every draw replayed.
     */
    List<String> trace() {
        return List.copyOf(trace);
    }

    private String traceOfStep(Duration by) {
        Map<String, Integer> hostOf = new java.util.HashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            hostOf.put(instanceId(i), i);
        }
        StringBuilder entry = new StringBuilder("step " + steps + " +" + by.toMillis() + " ms");
        parts.jdbc().sql("""
                SELECT id, container_instance_id, last_status, desired_status, stop_code FROM task WHERE cluster_id = ?
                ORDER BY id""").param(clusterId).query((rs, n) -> {
                    entry.append("\n  task ").append(rs.getString(1)).append(" on host ")
                            .append(hostOf.get(rs.getString(2))).append(' ').append(rs.getString(3)).append('/')
                            .append(rs.getString(4)).append(rs.getString(5) == null ? "" : " " + rs.getString(5));
                    return null;
                }).list();
        parts.jdbc().sql("""
                SELECT e.id, e.message FROM service_event e JOIN service s ON s.id = e.service_id
                WHERE s.cluster_id = ? ORDER BY e.created_at, e.id""").param(clusterId).query((rs, n) -> {
                    if (tracedEvents.add(rs.getString(1))) {
                        entry.append("\n  event ").append(rs.getString(1)).append(' ')
                                .append(rs.getString(2).replace(cluster, "<cluster>"));
                    }
                    return null;
                }).list();
        return entry.toString();
    }

    /** Launches and pings run on threads of their own; a step waits for them (in real time: they do not wait on virtual time). */
    private static void quiet(BooleanSupplier idle) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(idle::getAsBoolean);
    }

    // ---- reading the state

    JdbcClient jdbc() {
        return parts.jdbc();
    }

    /** The rollout state of the service's PRIMARY deployment, and its task definition's revision. */
    record Primary(String id, String rolloutState, int revision) {
    }

    Primary primary(String service) {
        return parts.jdbc().sql("""
                SELECT d.id, d.rollout_state, td.revision FROM service_deployment d
                JOIN task_definition td ON td.id = d.task_definition_id
                WHERE d.service_id = ? AND d.status = 'PRIMARY'""").param(serviceId(service))
                .query((rs, n) -> new Primary(rs.getString(1), rs.getString(2), rs.getInt(3))).single();
    }

    /** Revisions of the service's RUNNING tasks that are wanted RUNNING, one entry per task. */
    List<Integer> runningRevisions(String service) {
        return parts.jdbc().sql("""
                SELECT td.revision FROM task t JOIN task_definition td ON td.id = t.task_definition_id
                WHERE t.service_id = ? AND t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING' ORDER BY 1""")
                .param(serviceId(service)).query(Integer.class).list();
    }

    int count(String sql, Object... params) {
        var spec = parts.jdbc().sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Integer.class).single();
    }
}
