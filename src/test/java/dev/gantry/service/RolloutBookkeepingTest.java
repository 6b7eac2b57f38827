package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import dev.gantry.service.Deployment.RolloutState;
import dev.gantry.service.Deployment.Status;
import dev.gantry.service.DeploymentConfiguration.DeploymentCircuitBreaker;
import dev.gantry.service.RolloutBookkeeping.BreakerAction;
import dev.gantry.service.RolloutBookkeeping.BreakerFacts;
import dev.gantry.service.RolloutBookkeeping.DeploymentsVerdict;
import dev.gantry.service.RolloutBookkeeping.LiveTask;
import dev.gantry.service.RolloutBookkeeping.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@link RolloutBookkeeping}, each pinned by a table, and its safety properties over seeded facts. */
class RolloutBookkeepingTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final DeploymentCircuitBreaker ON = new DeploymentCircuitBreaker(true, false, null);
    static final DeploymentCircuitBreaker ROLLBACK = new DeploymentCircuitBreaker(true, true, null);
    static final DeploymentCircuitBreaker OFF = new DeploymentCircuitBreaker(false, false, null);

    record BreakerCase(String name, RolloutState state, int stored, int failed, int desired, DeploymentCircuitBreaker breaker,
            BreakerAction action, int threshold, boolean rollback) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BreakerCase> breakerCases() {
        return Stream.of(
                new BreakerCase("a completed rollout is not judged", RolloutState.COMPLETED, 0, 99, 4, ON, BreakerAction.NONE, 3, false),
                new BreakerCase("a failed rollout is not judged again", RolloutState.FAILED, 3, 9, 4, ROLLBACK, BreakerAction.NONE, 3, false),
                new BreakerCase("no new failures, nothing to write", RolloutState.IN_PROGRESS, 2, 2, 4, ON, BreakerAction.NONE, 3, false),
                new BreakerCase("below the default threshold (min 3) the count is recorded", RolloutState.IN_PROGRESS, 1, 2, 4, ON,
                        BreakerAction.RECORD_FAILURES, 3, false),
                new BreakerCase("at the default threshold it trips", RolloutState.IN_PROGRESS, 2, 3, 4, ON, BreakerAction.TRIP, 3, false),
                new BreakerCase("a trip with rollback asks for the last good revision", RolloutState.IN_PROGRESS, 2, 3, 4, ROLLBACK,
                        BreakerAction.TRIP, 3, true),
                new BreakerCase("half of desired (rounded up) above the minimum", RolloutState.IN_PROGRESS, 0, 5, 11, ON,
                        BreakerAction.RECORD_FAILURES, 6, false),
                new BreakerCase("half of desired reached", RolloutState.IN_PROGRESS, 0, 5, 9, ON, BreakerAction.TRIP, 5, false),
                new BreakerCase("capped at the maximum (200)", RolloutState.IN_PROGRESS, 0, 200, 1000, ON, BreakerAction.TRIP, 200, false),
                new BreakerCase("a configured threshold wins", RolloutState.IN_PROGRESS, 0, 1, 100,
                        new DeploymentCircuitBreaker(true, true, 1), BreakerAction.TRIP, 1, true),
                new BreakerCase("disabled: counts are still recorded, never a trip", RolloutState.IN_PROGRESS, 0, 50, 4, OFF,
                        BreakerAction.RECORD_FAILURES, 3, false),
                new BreakerCase("no breaker configured at all", RolloutState.IN_PROGRESS, 0, 50, 4, null,
                        BreakerAction.RECORD_FAILURES, 3, false));
    }

    @ParameterizedTest
    @MethodSource("breakerCases")
    void breaker(BreakerCase c) {
        var verdict = RolloutBookkeeping.breaker(new BreakerFacts(c.state(), c.stored(), c.failed(), c.desired(), c.breaker(), 3, 200));
        assertThat(verdict.action()).isEqualTo(c.action());
        assertThat(verdict.threshold()).isEqualTo(c.threshold());
        assertThat(verdict.rollback()).isEqualTo(c.rollback());
    }

    @ParameterizedTest(name = "{0} failures, the last {1}s ago (base 10s, cap 100s) -> waiting {2}, warns {3}")
    @CsvSource({
            "0, 0, false, false",
            "1, 0, true, false", "1, 9, true, false", "1, 10, false, false",
            "2, 19, true, false", "2, 20, false, false",
            "3, 39, true, true", "3, 40, false, false",
            "5, 99, true, true", "5, 100, false, false",
            "40, 99, true, true", "40, 100, false, false"})
    void throttle(int failures, long agoSeconds, boolean waiting, boolean warns) {
        Throttle t = RolloutBookkeeping.throttle(failures, T0.minusSeconds(agoSeconds), Duration.ofSeconds(10),
                Duration.ofSeconds(100), T0);
        assertThat(t.waiting()).isEqualTo(waiting);
        assertThat(t.warn()).isEqualTo(warns);
    }

    @Test
    void aStreakWithoutARecordedFailureTimeDoesNotThrottle() {
        assertThat(RolloutBookkeeping.throttle(3, null, Duration.ofSeconds(10), Duration.ofSeconds(100), T0).waiting()).isFalse();
    }

    static Deployment deployment(String id, Status status, RolloutState state) {
        return new Deployment(id, 1, status, 1, 2, 0, state, null, T0, T0, T0, 0);
    }

    static LiveTask task(String deployment, long ranSeconds, boolean healthy, boolean draining) {
        return new LiveTask(T0.minusSeconds(ranSeconds), new ServiceDiff.TaskState("t" + deployment + ranSeconds + healthy
                + draining, deployment, true, false, healthy, false, draining));
    }

    record DeploymentsCase(String name, boolean draining, List<Deployment> deployments, List<LiveTask> live, int desired,
            long bakeSeconds, List<String> retire, boolean completes, boolean steady, boolean inactive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DeploymentsCase> deploymentsCases() {
        Deployment newRollout = deployment("new", Status.PRIMARY, RolloutState.IN_PROGRESS);
        Deployment done = deployment("new", Status.PRIMARY, RolloutState.COMPLETED);
        Deployment old = deployment("old", Status.ACTIVE, RolloutState.COMPLETED);
        return Stream.of(
                new DeploymentsCase("an old deployment with tasks stays, the rollout goes on", false, List.of(newRollout, old),
                        List.of(task("new", 60, true, false), task("old", 60, true, false)), 1, 0, List.of(), false, false, false),
                new DeploymentsCase("an empty old deployment retires and the healthy rollout completes", false,
                        List.of(newRollout, old), List.of(task("new", 60, true, false)), 1, 0, List.of("old"), true, true, false),
                new DeploymentsCase("a task inside the health-check window does not count yet", false, List.of(newRollout),
                        List.of(task("new", 20, true, false)), 1, 30, List.of(), false, false, false),
                new DeploymentsCase("past the window it does", false, List.of(newRollout),
                        List.of(task("new", 30, true, false)), 1, 30, List.of(), true, true, false),
                new DeploymentsCase("a task on a draining instance does not count", false, List.of(newRollout),
                        List.of(task("new", 60, true, true)), 1, 0, List.of(), false, false, false),
                new DeploymentsCase("an unhealthy task does not count", false, List.of(newRollout),
                        List.of(task("new", 60, false, false)), 1, 0, List.of(), false, false, false),
                new DeploymentsCase("a surplus task keeps it from steady", false, List.of(newRollout),
                        List.of(task("new", 60, true, false), task("new", 61, true, false)), 1, 0, List.of(), false, false, false),
                new DeploymentsCase("a completed deployment stays steady without completing again", false, List.of(done),
                        List.of(task("new", 60, true, false)), 1, 0, List.of(), false, true, false),
                new DeploymentsCase("a deleted service with tasks left waits", true, List.of(old),
                        List.of(task("old", 60, true, false)), 0, 0, List.of(), false, false, false),
                new DeploymentsCase("a deleted service without tasks goes inactive", true, List.of(old), List.of(), 0, 0,
                        List.of("old"), false, false, true));
    }

    @ParameterizedTest
    @MethodSource("deploymentsCases")
    void deployments(DeploymentsCase c) {
        DeploymentsVerdict v = RolloutBookkeeping.deployments(c.draining(), c.deployments(), c.live(), c.desired(),
                Duration.ofSeconds(c.bakeSeconds()), T0);
        assertThat(v.retire()).containsExactlyElementsOf(c.retire());
        assertThat(v.completes()).as("completes").isEqualTo(c.completes());
        assertThat(v.steady()).as("steady").isEqualTo(c.steady());
        assertThat(v.inactive()).as("inactive").isEqualTo(c.inactive());
    }

    // ---- properties over seeded facts: trial i runs on seed + i; a failure names its own seed, which replays it alone

    static void forAll(String property, int trials, Consumer<SplittableRandom> check) {
        boolean replay = System.getProperty(Seeds.PROPERTY) != null;
        long first = Seeds.seed("RolloutBookkeepingTest." + property);
        int runs = replay ? 1 : trials;
        for (long seed = first; seed < first + runs; seed++) {
            try {
                check.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Property failed for seed " + seed + " (replay with -D" + Seeds.PROPERTY + "=" + seed
                        + "): " + e.getMessage(), e);
            }
        }
    }

    @Test
    void moreFailuresNeverUntripTheBreakerAndOnlyAnEnabledInProgressRolloutTrips() {
        forAll("breaker", 500, r -> {
            RolloutState state = RolloutState.values()[r.nextInt(3)];
            DeploymentCircuitBreaker breaker = new DeploymentCircuitBreaker(r.nextBoolean(), r.nextBoolean(),
                    r.nextBoolean() ? null : 1 + r.nextInt(20));
            int desired = r.nextInt(50);
            int failed = r.nextInt(60);
            var verdict = RolloutBookkeeping.breaker(new BreakerFacts(state, r.nextInt(60), failed, desired, breaker, 3, 200));
            var more = RolloutBookkeeping.breaker(new BreakerFacts(state, r.nextInt(60), failed + 1 + r.nextInt(10), desired,
                    breaker, 3, 200));
            if (verdict.action() == BreakerAction.TRIP) {
                assertThat(more.action()).isEqualTo(BreakerAction.TRIP);
                assertThat(state).isEqualTo(RolloutState.IN_PROGRESS);
                assertThat(breaker.enable()).isTrue();
                assertThat(failed).isGreaterThanOrEqualTo(verdict.threshold());
            } else if (state == RolloutState.IN_PROGRESS && breaker.enable()) {
                assertThat(failed).isLessThan(verdict.threshold());
            }
            assertThat(verdict.threshold()).isPositive();
        });
    }

    @Test
    void theThrottleNeverOutlastsItsCapAndNeverShortensWithMoreFailures() {
        forAll("throttle", 500, r -> {
            Duration base = Duration.ofMillis(1 + r.nextInt(60_000));
            Duration cap = base.plusMillis(r.nextInt(3_600_000));
            int failures = 1 + r.nextInt(64);
            Instant last = T0.minusMillis(r.nextLong(0, 7_200_000));
            Throttle t = RolloutBookkeeping.throttle(failures, last, base, cap, T0);
            Throttle more = RolloutBookkeeping.throttle(failures + 1, last, base, cap, T0);
            assertThat(t.until()).isBeforeOrEqualTo(last.plus(cap)).isAfterOrEqualTo(last.plus(base));
            assertThat(more.until()).isAfterOrEqualTo(t.until());
            assertThat(t.waiting()).isEqualTo(t.until().isAfter(T0));
            assertThat(RolloutBookkeeping.throttle(failures, last, base, cap, last.plus(cap)).waiting()).isFalse();
            assertThat(t.warn()).isEqualTo(t.waiting() && failures >= 3);
        });
    }

    @Test
    void deploymentsVerdictsAreSafeAndStableOverTime() {
        forAll("deployments", 500, r -> {
            List<Deployment> deployments = new ArrayList<>();
            deployments.add(deployment("d0", Status.PRIMARY, RolloutState.values()[r.nextInt(3)]));
            int others = r.nextInt(3);
            for (int i = 1; i <= others; i++) {
                deployments.add(deployment("d" + i, r.nextBoolean() ? Status.ACTIVE : Status.INACTIVE, RolloutState.COMPLETED));
            }
            List<LiveTask> live = new ArrayList<>();
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
                live.add(new LiveTask(r.nextInt(5) == 0 ? null : T0.minusSeconds(r.nextInt(120)), new ServiceDiff.TaskState(
                        "t" + i, "d" + r.nextInt(others + 1), r.nextInt(5) > 0, false, r.nextBoolean(), false, r.nextInt(6) == 0)));
            }
            int desired = r.nextInt(6);
            Duration bake = Duration.ofSeconds(r.nextInt(60));
            boolean draining = r.nextInt(5) == 0;
            DeploymentsVerdict v = RolloutBookkeeping.deployments(draining, deployments, live, desired, bake, T0);
            for (String id : v.retire()) {
                assertThat(id).isNotEqualTo("d0");
                assertThat(live).noneMatch(t -> id.equals(t.state().deploymentId()));
            }
            if (v.completes()) {
                assertThat(v.steady()).isTrue();
                assertThat(deployments.getFirst().rolloutState()).isEqualTo(RolloutState.IN_PROGRESS);
            }
            if (v.steady()) {
                assertThat(live).hasSize(desired);
                // with the same facts, later is still steady: time only lets more tasks past their window
                assertThat(RolloutBookkeeping.deployments(draining, deployments, live, desired, bake, T0.plusSeconds(
                        r.nextInt(3600))).steady()).isTrue();
            }
            assertThat(v.inactive()).isEqualTo(draining && live.isEmpty());
            assertThat(draining && (v.completes() || v.steady())).isFalse();
        });
    }
}
