package dev.gantry.reconcile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The orphan rules of {@link OrphanVerdict}, as a table, and a seeded property over random facts. */
class OrphanVerdictTest {

    static final String US = "11111111-1111-1111-1111-111111111111";
    static final String THEM = "22222222-2222-2222-2222-222222222222";
    static final String CLUSTER = "arn:aws:ecs:local:000000000000:cluster/c";
    static final String TASK = "0123456789abcdef0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);
    static final Duration DELAY = Duration.ofSeconds(60);
    static final Instant NEWEST = NOW.minusSeconds(30);

    /** Our container of TASK, running, first seen now, its task unknown and older than the newest task. */
    static OrphanVerdict.Facts base() {
        Map<String, String> labels = new HashMap<>(Map.of("gantry.installation", US, "gantry.cluster", CLUSTER,
                "gantry.task-arn", "arn:aws:ecs:local:000000000000:task/c/" + TASK, "gantry.container-name", "main",
                "gantry.task-created-at", NOW.minusSeconds(3600).toString()));
        return new OrphanVerdict.Facts("gantry-" + TASK + "-main", labels, true, US, CLUSTER, null, false, NOW, NEWEST);
    }

    static OrphanVerdict.Facts label(OrphanVerdict.Facts f, String key, String value) {
        Map<String, String> labels = new HashMap<>(f.labels());
        if (value == null) {
            labels.remove(key);
        } else {
            labels.put(key, value);
        }
        return new OrphanVerdict.Facts(f.containerName(), labels, f.running(), f.installation(), f.hostClusterArn(), f.row(),
                f.inFlight(), f.firstSeen(), f.newestKnownTask());
    }

    static OrphanVerdict.Facts row(OrphanVerdict.Facts f, OrphanVerdict.TaskRow row) {
        return new OrphanVerdict.Facts(f.containerName(), f.labels(), f.running(), f.installation(), f.hostClusterArn(), row,
                f.inFlight(), f.firstSeen(), f.newestKnownTask());
    }

    static OrphanVerdict.Facts running(OrphanVerdict.Facts f, boolean running) {
        return new OrphanVerdict.Facts(f.containerName(), f.labels(), running, f.installation(), f.hostClusterArn(), f.row(),
                f.inFlight(), f.firstSeen(), f.newestKnownTask());
    }

    static OrphanVerdict.Facts inFlight(OrphanVerdict.Facts f) {
        return new OrphanVerdict.Facts(f.containerName(), f.labels(), f.running(), f.installation(), f.hostClusterArn(), f.row(),
                true, f.firstSeen(), f.newestKnownTask());
    }

    static OrphanVerdict.Facts firstSeen(OrphanVerdict.Facts f, Instant at) {
        return new OrphanVerdict.Facts(f.containerName(), f.labels(), f.running(), f.installation(), f.hostClusterArn(), f.row(),
                f.inFlight(), at, f.newestKnownTask());
    }

    static OrphanVerdict.Facts named(OrphanVerdict.Facts f, String name) {
        return new OrphanVerdict.Facts(name, f.labels(), f.running(), f.installation(), f.hostClusterArn(), f.row(),
                f.inFlight(), f.firstSeen(), f.newestKnownTask());
    }

    static OrphanVerdict.TaskRow live() {
        return new OrphanVerdict.TaskRow(CLUSTER, false, null, Set.of("main"));
    }

    static OrphanVerdict.TaskRow stopped(Instant at) {
        return new OrphanVerdict.TaskRow(CLUSTER, true, at, Set.of("main"));
    }

    record Case(String name, UnaryOperator<OrphanVerdict.Facts> facts, OrphanVerdict expected) {
    }

    @Test
    void theTable() {
        List<Case> cases = List.of(
                new Case("no installation label: never touched", f -> label(f, "gantry.installation", null),
                        new OrphanVerdict.Foreign(OrphanVerdict.MISSING)),
                new Case("no installation label, task live here: ours from before the label, kept",
                        f -> row(label(f, "gantry.installation", null), live()), new OrphanVerdict.Keep(null)),
                new Case("no installation label, task STOPPED here: ours from before the label, removed",
                        f -> row(label(f, "gantry.installation", null), stopped(NOW.minusSeconds(600))),
                        new OrphanVerdict.Remove(true, null)),
                new Case("no installation label, task row of another cluster: not ours",
                        f -> row(label(f, "gantry.installation", null), new OrphanVerdict.TaskRow(CLUSTER + "-x", true, NOW,
                                Set.of("main"))), new OrphanVerdict.Foreign(OrphanVerdict.MISSING)),
                new Case("no installation label, another name: not ours",
                        f -> named(row(label(f, "gantry.installation", null), stopped(NOW.minusSeconds(600))), "other"),
                        new OrphanVerdict.Foreign(OrphanVerdict.MISSING)),
                new Case("another installation's, even of a stopped task", f -> row(label(f, "gantry.installation", THEM), stopped(NOW.minusSeconds(600))),
                        new OrphanVerdict.Foreign(THEM)),
                new Case("another installation's, unknown task, long past the grace", f -> firstSeen(label(f, "gantry.installation", THEM), NOW.minus(Duration.ofDays(1))),
                        new OrphanVerdict.Foreign(THEM)),
                new Case("our labels on a container of another name", f -> named(f, "not-gantry"),
                        new OrphanVerdict.Suspect("name_mismatch", null)),
                new Case("no task label", f -> label(f, "gantry.task-arn", null),
                        new OrphanVerdict.Suspect("name_mismatch", null)),
                new Case("labelled for another cluster", f -> label(f, "gantry.cluster", CLUSTER + "-x"),
                        new OrphanVerdict.Suspect("cluster_mismatch", null)),
                new Case("task row of another cluster", f -> row(f, new OrphanVerdict.TaskRow(CLUSTER + "-x", false, null, Set.of("main"))),
                        new OrphanVerdict.Suspect("task_mismatch", null)),
                new Case("task row without that container", f -> row(f, new OrphanVerdict.TaskRow(CLUSTER, true, NOW, Set.of("side"))),
                        new OrphanVerdict.Suspect("task_mismatch", null)),
                new Case("launch in flight, row unknown", OrphanVerdictTest::inFlight, new OrphanVerdict.Keep(null)),
                new Case("launch in flight, task stopped", f -> inFlight(row(f, stopped(NOW.minusSeconds(600)))), new OrphanVerdict.Keep(null)),
                new Case("task live (committed after the pass read its tasks)", f -> row(f, live()), new OrphanVerdict.Keep(null)),
                new Case("task live, container exited", f -> row(running(f, false), live()), new OrphanVerdict.Keep(null)),
                new Case("task stopped, container running: stop and remove", f -> row(f, stopped(NOW)), new OrphanVerdict.Remove(true, null)),
                new Case("task stopped, exited within the delay", f -> row(running(f, false), stopped(NOW.minusSeconds(10))),
                        new OrphanVerdict.Wait(NOW.plusSeconds(50), false)),
                new Case("task stopped, exited past the delay", f -> row(running(f, false), stopped(NOW.minusSeconds(61))),
                        new OrphanVerdict.Remove(false, null)),
                new Case("unknown task, first seen now: grace", f -> f, new OrphanVerdict.Wait(NOW.plus(GRACE), true)),
                new Case("unknown task, grace nearly over", f -> firstSeen(f, NOW.minus(GRACE).plusSeconds(1)),
                        new OrphanVerdict.Wait(NOW.plusSeconds(1), true)),
                new Case("unknown task, grace over, running", f -> firstSeen(f, NOW.minus(GRACE)), new OrphanVerdict.Remove(true, null)),
                new Case("unknown task, grace over, exited", f -> running(firstSeen(f, NOW.minus(GRACE)), false), new OrphanVerdict.Remove(false, null)),
                new Case("unknown task created after the newest task known: restored backup",
                        f -> firstSeen(label(f, "gantry.task-created-at", NEWEST.plusSeconds(1).toString()), NOW.minus(Duration.ofDays(1))),
                        new OrphanVerdict.Suspect("ahead_of_database", null)),
                new Case("unknown task and a database with no task at all", f -> new OrphanVerdict.Facts(f.containerName(), f.labels(),
                        f.running(), f.installation(), f.hostClusterArn(), null, false, NOW.minus(Duration.ofDays(1)), null),
                        new OrphanVerdict.Suspect("ahead_of_database", null)),
                new Case("unknown task without a created-at label: the grace rule", f -> firstSeen(label(f, "gantry.task-created-at", null), NOW.minus(GRACE)),
                        new OrphanVerdict.Remove(true, null)));
        for (Case c : cases) {
            OrphanVerdict actual = OrphanVerdict.of(c.facts().apply(base()), NOW, GRACE, DELAY);
            assertThat(shape(actual)).as(c.name()).isEqualTo(shape(c.expected()));
        }
    }

    /** The verdict without its free-text parts. */
    private static Object shape(OrphanVerdict v) {
        return switch (v) {
            case OrphanVerdict.Suspect s -> new OrphanVerdict.Suspect(s.kind(), null);
            case OrphanVerdict.Keep k -> new OrphanVerdict.Keep(null);
            case OrphanVerdict.Remove r -> new OrphanVerdict.Remove(r.stopFirst(), null);
            default -> v;
        };
    }

    /**
     * Over random facts (seeded): a container is only ever removed when it is ours, consistent, not in flight, and
     * its task is STOPPED or has been unknown for the whole grace period.
     */
    @Test
    void removalOnlyOfOurOwnConsistentContainersOfDeadOrLongUnknownTasks() {
        Random random = new Random(20261201);
        for (int i = 0; i < 20_000; i++) {
            OrphanVerdict.Facts f = base();
            f = label(f, "gantry.installation", pick(random, US, THEM, null));
            f = label(f, "gantry.cluster", pick(random, CLUSTER, CLUSTER + "-x"));
            f = named(f, pick(random, f.containerName(), "gantry-" + TASK + "-side", "other"));
            f = running(f, random.nextBoolean());
            f = row(f, pick(random, null, live(), stopped(NOW.minusSeconds(random.nextInt(120))),
                    new OrphanVerdict.TaskRow(CLUSTER + "-x", true, NOW, Set.of("main"))));
            f = firstSeen(f, NOW.minusSeconds(random.nextInt(600)));
            if (random.nextInt(4) == 0) {
                f = inFlight(f);
            }
            OrphanVerdict v = OrphanVerdict.of(f, NOW, GRACE, DELAY);
            if (v instanceof OrphanVerdict.Remove) {
                if (f.labels().get("gantry.installation") == null) {
                    // from before installation ids: only when this database holds its STOPPED task
                    assertThat(f.row()).isNotNull();
                } else {
                    assertThat(f.labels().get("gantry.installation")).isEqualTo(US);
                }
                assertThat(f.labels().get("gantry.cluster")).isEqualTo(CLUSTER);
                assertThat(f.containerName()).isEqualTo("gantry-" + TASK + "-main");
                assertThat(f.inFlight()).isFalse();
                if (f.row() == null) {
                    assertThat(f.firstSeen().plus(GRACE)).isBeforeOrEqualTo(NOW);
                } else {
                    assertThat(f.row().stopped()).isTrue();
                    assertThat(f.row().clusterArn()).isEqualTo(CLUSTER);
                }
            }
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }
}
