package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryProcess;
import dev.gantry.RigHosts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #10 item 5: a leader paused (SIGSTOP) past its lease, with a scale-in stop already sent to the database,
 * and resumed after another replica took the cluster over and changed the service, must not land a single write
 * or Docker mutation.
 * <p>
 * Two Gantry processes from the packaged jar on one PostgreSQL started here (one working directory: they share the
 * encryption key, as replicas must). To catch the old leader with a write in flight every time (not by luck of the
 * SIGSTOP's timing), the test holds the leader's scale-in stop inside the database, visible in
 * {@code pg_stat_activity}. Then the leader is paused, the service is scaled back up through the other replica, the
 * other replica takes the lease over, and the old leader is resumed and its statement let go. Nothing it decided
 * may land: every original task keeps running, no task row carries a stop of the stale epoch, and the cluster's
 * containers on the rig hosts see no create, stop, kill, die or destroy.
 * <p>
 * Two ways of holding the statement, one per path of the fence: a trigger that waits on a gate (the statement
 * completes inside the stale transaction, and the check at commit finds the lease taken), and row locks (the stale
 * statement waits for a lock longer than its lease lasts and the database cancels it).
 */
class StaleLeaderFencingE2E {

    static final int D = 4;
    static final JsonMapper JSON = JsonMapper.builder().build();

    enum Hold { GATE_TRIGGER, ROW_LOCKS }

    @Test
    void aStaleStopThatCompletesIsRefusedAtCommit() throws Exception {
        staleLeaderLandsNothing(Hold.GATE_TRIGGER);
    }

    @Test
    void aStaleStopWaitingOnALockIsCancelledBeforeTheLeaseEnds() throws Exception {
        staleLeaderLandsNothing(Hold.ROW_LOCKS);
    }

    private void staleLeaderLandsNothing(Hold hold) throws Exception {
        Path dir = Files.createTempDirectory("gantry-fencing");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            JdbcClient db = JdbcClient.create(pg.getPostgresDatabase());
            try (GantryProcess a = GantryProcess.start(dir, properties(url)).awaitReady(Duration.ofSeconds(90))) {
                RestTestClient httpA = a.client();
                try (TestCluster c = TestCluster.create(httpA, JSON, "fencing", 1, 2)) {
                    long clusterId = db.sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(c.name)
                            .query(Long.class).single();
                    await().atMost(Duration.ofSeconds(30)).until(() -> lease(db, clusterId) != null);
                    Lease staleLease = lease(db, clusterId);

                    String td = c.sleeper(TestCluster.unique("fencing"), "gantry-test/busybox:1");
                    c.replicaService("web", td, D, null);
                    await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> c.stable("web", D));
                    List<String> original = db.sql("SELECT id FROM task WHERE service_id = (SELECT id FROM service "
                                    + "WHERE cluster_id = ? AND name = 'web' AND status = 'ACTIVE') AND desired_status = 'RUNNING'")
                            .param(clusterId).query(String.class).list();
                    assertThat(original).hasSize(D);

                    try (GantryProcess b = GantryProcess.start(dir, properties(url)).awaitReady(Duration.ofSeconds(90));
                            Connection locker = DriverManager.getConnection(url, "postgres", "")) {
                        RestTestClient httpB = b.client();
                        TestCluster viaB = TestCluster.attach(httpB, JSON, c);
                        assertThat(lease(db, clusterId).holder()).as("A still leads").isEqualTo(staleLease.holder());

                        if (hold == Hold.GATE_TRIGGER) {
                            db.sql("CREATE TABLE fence_gate (closed boolean)").update();
                            db.sql("INSERT INTO fence_gate VALUES (true)").update();
                            db.sql("""
                                    CREATE FUNCTION hold_at_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                                      WHILE EXISTS (SELECT 1 FROM fence_gate) LOOP PERFORM pg_sleep(0.1); END LOOP;
                                      RETURN NEW; END $$""").update();
                            db.sql("CREATE TRIGGER hold_stops BEFORE UPDATE ON task FOR EACH ROW WHEN "
                                    + "(OLD.desired_status = 'RUNNING' AND NEW.desired_status = 'STOPPED') "
                                    + "EXECUTE FUNCTION hold_at_gate()").update();
                        } else {
                            locker.setAutoCommit(false);
                            try (var s = locker.prepareStatement("SELECT id FROM task WHERE id = ANY(?) FOR UPDATE")) {
                                s.setArray(1, locker.createArrayOf("text", original.toArray()));
                                s.executeQuery().close();
                            }
                        }
                        c.update("web", Map.of("desiredCount", 1));
                        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                                .until(() -> heldStops(db) > 0);
                        a.pause();
                        viaB.update("web", Map.of("desiredCount", D));
                        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                                .until(() -> {
                                    // read once: between two reads the row may be gone (the old lease released)
                                    Lease now = lease(db, clusterId);
                                    return now != null && !staleLease.holder().equals(now.holder());
                                });
                        Lease newLease = lease(db, clusterId);
                        assertThat(newLease.epoch()).isGreaterThan(staleLease.epoch());
                        // let the new leader make its passes of the scaled-back service before anything stale runs
                        Thread.sleep(4000);
                        Instant before = Instant.now().minusSeconds(1);

                        if (hold == Hold.GATE_TRIGGER) {
                            // resumed first, so the old leader carries on the moment its statement returns
                            a.resume();
                            Thread.sleep(2000);
                            db.sql("DELETE FROM fence_gate").update();
                        } else {
                            locker.rollback();
                            Thread.sleep(2000);
                            a.resume();
                        }
                        // the resumed process carries out whatever it had decided before the pause: for 15 s of
                        // that, checked every second, none of it may land
                        await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                                .untilAsserted(() -> {
                                    List<Map<String, Object>> rows = db.sql("SELECT id, desired_status, stop_code, stopped_reason FROM task "
                                                    + "WHERE id = ANY(?)").param(original.toArray(String[]::new)).query().listOfRows();
                                    assertThat(rows).as("the stale leader's scale-in stop landed on the new leader's service: %s", rows)
                                            .allSatisfy(r -> assertThat(r.get("desired_status")).isEqualTo("RUNNING"));
                                    assertThat(db.sql("SELECT count(*) FROM task WHERE cluster_id = ? AND stop_epoch = ?")
                                            .param(clusterId).param(staleLease.epoch()).query(Integer.class).single())
                                            .as("task rows stopped under the stale epoch").isZero();
                                    assertThat(db.sql("SELECT count(*) FROM task WHERE cluster_id = ? AND launch_epoch = ? "
                                                    + "AND NOT (id = ANY(?))")
                                            .param(clusterId).param(staleLease.epoch()).param(original.toArray(String[]::new))
                                            .query(Integer.class).single())
                                            .as("task rows launched under the stale epoch after the takeover").isZero();
                                });
                        Instant after = Instant.now();
                        List<String> mutations = new ArrayList<>();
                        for (int host : c.instances.keySet()) {
                            mutations.addAll(dockerMutations(host, c.arn, before, after));
                        }
                        assertThat(mutations).as("Docker mutations on the cluster's containers after the takeover").isEmpty();
                        assertThat(RigHosts.countRunning(List.copyOf(c.instances.keySet()), c.arn, "web")).isEqualTo(D);
                    } finally {
                        a.resume(); // harmless when running; the cleanup below talks to it
                    }
                }
            }
        }
    }

    private static Map<String, String> properties(String url) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", url);
        p.put("spring.datasource.username", "postgres");
        p.put("gantry.leadership.ttl", "6s");
        p.put("gantry.leadership.renew-interval", "1s");
        p.put("gantry.instances.heartbeat-interval", "1s");
        p.put("gantry.reconcile.resync-interval", "2s");
        p.put("gantry.reconcile.default-stop-timeout", "5s");
        p.put("gantry.services.settle-time", "2s");
        p.put("gantry.services.resync-interval", "1s");
        return p;
    }

    record Lease(String holder, long epoch) {
    }

    private static Lease lease(JdbcClient db, long clusterId) {
        return db.sql("SELECT holder, epoch FROM cluster_lease WHERE cluster_id = ? AND expires_at > now()").param(clusterId)
                .query((rs, n) -> new Lease(rs.getString(1), rs.getLong(2))).optional().orElse(null);
    }

    /** Scheduler stops held inside the database, on a row lock or at the gate (the old leader's write in flight). */
    private static int heldStops(JdbcClient db) {
        return db.sql("SELECT count(*) FROM pg_stat_activity WHERE (wait_event_type = 'Lock' OR wait_event = 'PgSleep') "
                + "AND query ILIKE 'UPDATE task SET desired_status%'").query(Integer.class).single();
    }

    /** Create, stop, kill, die and destroy events of the cluster's containers on one host, from Docker itself. */
    private static List<String> dockerMutations(int host, String clusterArn, Instant since, Instant until) {
        String out = RigHosts.dockerCli(host, Duration.ofSeconds(20), "events",
                "--since", String.valueOf(since.getEpochSecond()), "--until", String.valueOf(until.getEpochSecond() + 1),
                "--filter", "type=container", "--filter", "label=gantry.cluster=" + clusterArn,
                "--format", "{{.Action}} {{.Actor.ID}} epoch={{index .Actor.Attributes \"gantry.epoch\"}}").output();
        return out.lines().filter(l -> l.matches("(create|stop|kill|die|destroy).*")).map(l -> "h" + host + ": " + l).toList();
    }
}
