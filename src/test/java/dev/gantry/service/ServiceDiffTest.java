package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import dev.gantry.service.ServiceDiff.Actions;
import dev.gantry.service.ServiceDiff.Desired;
import dev.gantry.service.ServiceDiff.StopReason;
import dev.gantry.service.ServiceDiff.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceDiffTest {

    static final ServiceDiff.VictimChooser FIRST = (candidates, n) -> candidates.subList(0, Math.min(n, candidates.size()));

    static TaskState healthy(String id, String deployment) {
        return new TaskState(id, deployment, true, false, true, false, false);
    }

    static TaskState pending(String id, String deployment) {
        return new TaskState(id, deployment, true, true, false, false, false);
    }

    static List<TaskState> healthyTasks(int n, String deployment, String prefix) {
        List<TaskState> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(healthy(prefix + i, deployment));
        }
        return list;
    }

    @Test
    void emptyServiceStartsDesiredCount() {
        Actions a = ServiceDiff.compute(new Desired(4, 200, 100, "new", false), List.of(), FIRST);
        assertThat(a.toStart()).isEqualTo(4);
        assertThat(a.toStop()).isEmpty();
    }

    @Test
    void steadyServiceDoesNothingAndReportsSteady() {
        Actions a = ServiceDiff.compute(new Desired(3, 200, 100, "d1", false), healthyTasks(3, "d1", "t"), FIRST);
        assertThat(a.toStart()).isZero();
        assertThat(a.toStop()).isEmpty();
        assertThat(a.steady()).isTrue();
    }

    @Test
    void blockedLaunchesStartNothing() {
        Actions a = ServiceDiff.compute(new Desired(4, 200, 100, "new", true), List.of(), FIRST);
        assertThat(a.toStart()).isZero();
    }

    record RolloutCase(String name, int d, int max, int min, int firstStart, int firstStops) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** ECS's rolling update with desired count D = 4, first pass from four healthy old tasks. */
    static Stream<Arguments> worked() {
        return Stream.of(
                Arguments.of(new RolloutCase("max 200 / min 100: start 4 new, stop none", 4, 200, 100, 4, 0)),
                Arguments.of(new RolloutCase("max 100 / min 50: stop 2 old first", 4, 100, 50, 0, 2)),
                Arguments.of(new RolloutCase("max 150 / min 100: start 2 new", 4, 150, 100, 2, 0)),
                Arguments.of(new RolloutCase("max 100 / min 100: deadlock", 4, 100, 100, 0, 0)));
    }

    @ParameterizedTest
    @MethodSource("worked")
    void firstPassOfARolloutMatchesTheEcsWorkedExample(RolloutCase c) {
        Actions a = ServiceDiff.compute(new Desired(c.d(), c.max(), c.min(), "new", false),
                healthyTasks(c.d(), "old", "o"), FIRST);
        assertThat(a.toStart()).isEqualTo(c.firstStart());
        assertThat(a.toStop()).hasSize(c.firstStops());
        assertThat(a.toStop()).allMatch(s -> s.reason() == StopReason.DEPLOYMENT);
        assertThat(a.deadlocked()).isEqualTo(c.max() == 100 && c.min() == 100);
    }

    @Test
    void oldTasksStopOnlyAsNewOnesBecomeHealthy() {
        List<TaskState> tasks = new ArrayList<>(healthyTasks(4, "old", "o"));
        tasks.add(healthy("n0", "new"));
        tasks.add(pending("n1", "new"));
        Actions a = ServiceDiff.compute(new Desired(4, 200, 100, "new", false), tasks, FIRST);
        assertThat(a.toStop()).extracting(ServiceDiff.Stop::taskId).containsExactly("o0");
    }

    @Test
    void pendingTasksOnADrainingInstanceStopAtOnceAndAreReplaced() {
        List<TaskState> tasks = new ArrayList<>(healthyTasks(1, "d1", "t"));
        tasks.add(new TaskState("p", "d1", true, true, false, false, true));
        Actions a = ServiceDiff.compute(new Desired(2, 200, 100, "d1", false), tasks, FIRST);
        assertThat(a.toStop()).extracting(ServiceDiff.Stop::taskId, ServiceDiff.Stop::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p", StopReason.DRAINING));
        assertThat(a.toStart()).isEqualTo(1);
    }

    @Test
    void unhealthyTaskIsReplacedBeforeItIsStoppedWhenThereIsHeadroom() {
        List<TaskState> tasks = new ArrayList<>(healthyTasks(1, "d1", "t"));
        tasks.add(new TaskState("sick", "d1", true, false, false, true, false));
        Actions a = ServiceDiff.compute(new Desired(2, 200, 100, "d1", false), tasks, FIRST);
        assertThat(a.toStart()).isEqualTo(1);
        assertThat(a.toStop()).extracting(ServiceDiff.Stop::taskId).containsExactly("sick");
    }

    @Test
    void unhealthyTasksStopOneAtATimeWithoutHeadroom() {
        List<TaskState> tasks = List.of(new TaskState("a", "d1", true, false, false, true, false),
                new TaskState("b", "d1", true, false, false, true, false));
        Actions a = ServiceDiff.compute(new Desired(2, 100, 0, "d1", false), tasks, FIRST);
        assertThat(a.toStart()).isZero();
        assertThat(a.toStop()).hasSize(1);
    }

    @Test
    void scaleInStopsSurplusWithinTheLowerBound() {
        Actions a = ServiceDiff.compute(new Desired(2, 200, 100, "d1", false), healthyTasks(5, "d1", "t"), FIRST);
        assertThat(a.toStop()).hasSize(3).allMatch(s -> s.reason() == StopReason.SCALE_IN);
        assertThat(a.toStart()).isZero();
    }

    @Test
    void scaleToZeroStopsEverything() {
        Actions a = ServiceDiff.compute(new Desired(0, 200, 100, "d1", false), healthyTasks(3, "d1", "t"), FIRST);
        assertThat(a.toStop()).hasSize(3);
    }

    /**
     * Property: simulated rollouts over random configurations never exceed the upper bound, never
     * drop healthy tasks below the lower bound through their own stops, and converge to D healthy
     * tasks of the new deployment unless ECS would deadlock.
     */
    @Test
    void rolloutsKeepTheBoundsAndConverge() {
        long seed = Seeds.seed("ServiceDiffTest.rolloutsKeepTheBoundsAndConverge");
        java.util.Random random = new java.util.Random(seed);
        for (int run = 0; run < 500; run++) {
            int d = 1 + random.nextInt(12);
            int max = 100 + random.nextInt(101);
            int min = random.nextInt(101);
            String context = "seed=" + seed + " run=" + run + " D=" + d + " max=" + max + " min=" + min;
            RolloutSimulation sim = new RolloutSimulation(d, max, min);
            boolean converged = sim.run(200, context);
            boolean ecsDeadlock = RolloutMath.upper(d, max) <= d && RolloutMath.lower(d, min) >= d;
            if (!ecsDeadlock) {
                assertThat(converged).as("did not converge: " + context).isTrue();
            }
        }
    }

    /** A tiny world: started tasks go PENDING → RUNNING (unsettled) → healthy; stopped tasks vanish a step later. */
    static final class RolloutSimulation {
        private final int d;
        private final int max;
        private final int min;
        private final List<TaskState> tasks = new ArrayList<>();
        private final List<Integer> ages = new ArrayList<>();
        private int next;

        RolloutSimulation(int d, int max, int min) {
            this.d = d;
            this.max = max;
            this.min = min;
            tasks.addAll(healthyTasks(d, "old", "o"));
            for (int i = 0; i < d; i++) {
                ages.add(10);
            }
        }

        boolean run(int steps, String context) {
            int upper = Math.max(RolloutMath.upper(d, max), d);
            int lower = RolloutMath.lower(d, min);
            for (int step = 0; step < steps; step++) {
                Actions a = ServiceDiff.compute(new Desired(d, max, min, "new", false), List.copyOf(tasks), FIRST);
                if (a.steady() && tasks.stream().allMatch(t -> t.deploymentId().equals("new"))) {
                    return true;
                }
                long healthyBefore = tasks.stream().filter(TaskState::healthy).count();
                long healthyStopped = a.toStop().stream().filter(s -> find(s.taskId()).healthy()).count();
                if (healthyBefore >= lower) {
                    assertThat(healthyBefore - healthyStopped).as("below lower bound: " + context).isGreaterThanOrEqualTo(lower);
                }
                a.toStop().forEach(s -> replace(s.taskId()));
                for (int i = 0; i < a.toStart(); i++) {
                    tasks.add(pending("n" + next++, "new"));
                    ages.add(0);
                }
                assertThat(tasks.size()).as("above upper bound: " + context).isLessThanOrEqualTo(upper);
                age();
            }
            return false;
        }

        private TaskState find(String id) {
            return tasks.stream().filter(t -> t.taskId().equals(id)).findFirst().orElseThrow();
        }

        private void replace(String id) {
            int i = tasks.indexOf(find(id));
            TaskState t = tasks.get(i);
            tasks.set(i, new TaskState(t.taskId(), t.deploymentId(), false, t.pending(), t.healthy(), t.unhealthy(), false));
        }

        private void age() {
            for (int i = tasks.size() - 1; i >= 0; i--) {
                TaskState t = tasks.get(i);
                if (!t.wanted()) {
                    tasks.remove(i);
                    ages.remove(i);
                    continue;
                }
                int age = ages.get(i) + 1;
                ages.set(i, age);
                tasks.set(i, new TaskState(t.taskId(), t.deploymentId(), true, age < 1, age >= 2, false, false));
            }
        }
    }
}
