package dev.gantry.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure heart of the service scheduler: given the desired state and the service's tasks, how
 * many tasks to start and which to stop in this pass. Rules, in the order they apply:
 * <ol>
 *   <li>Only tasks not asked to stop are "wanted"; every task not yet STOPPED counts against the
 *       upper bound, so a stopping task still holds its place until it has stopped.</li>
 *   <li>Keepers are the PRIMARY deployment's wanted tasks that are not unhealthy and not on a
 *       draining instance; the service needs D of them. Missing ones are started within the
 *       upper bound, unless the deployment failed (circuit breaker) or launches are throttled.</li>
 *   <li>Tasks that are not healthy yet (PENDING, or RUNNING but not settled) are stopped freely
 *       when they are old, on a draining instance while PENDING, or surplus.</li>
 *   <li>Healthy tasks are retired (old deployments, draining instances, primary surplus) only while
 *       the healthy count stays at or above the lower bound; victims are chosen by the caller's
 *       scale-in rule.</li>
 *   <li>Unhealthy tasks are stopped once their replacement is started; without headroom, one at a
 *       time.</li>
 *   <li>Deadlock: nothing can start or stop, everything is healthy, and old or draining tasks
 *       remain — ECS's "unable to stop or start tasks" situation (max = min = 100).</li>
 * </ol>
 */
public final class ServiceDiff {

    private ServiceDiff() {
    }

    public record Desired(int desiredCount, int maximumPercent, int minimumHealthyPercent, String primaryDeploymentId,
            boolean launchesBlocked) {
    }

    /**
     * One non-STOPPED task of the service.
     *
     * @param pending      lastStatus before RUNNING
     * @param healthy      counts as healthy for minimumHealthyPercent (HEALTHY, or RUNNING past the settle time)
     * @param unhealthy    an essential container is UNHEALTHY outside the grace period
     */
    public record TaskState(String taskId, String deploymentId, boolean wanted, boolean pending, boolean healthy,
            boolean unhealthy, boolean onDrainingInstance) {
    }

    public enum StopReason { SCALE_IN, DEPLOYMENT, DRAINING, UNHEALTHY }

    public record Stop(String taskId, StopReason reason) {
    }

    /** Chooses {@code n} victims among candidates (the placement engine's scale-in rule). */
    @FunctionalInterface
    public interface VictimChooser {
        List<String> choose(List<String> candidates, int n);
    }

    public record Actions(int toStart, List<Stop> toStop, boolean deadlocked, boolean steady) {
    }

    public static Actions compute(Desired desired, List<TaskState> tasks, VictimChooser rule) {
        // the rule is consulted only when there is a real choice to make
        VictimChooser chooser = (candidates, n) -> n <= 0 ? List.of()
                : n >= candidates.size() ? List.copyOf(candidates) : rule.choose(candidates, n);
        int d = desired.desiredCount();
        int upper = RolloutMath.upper(d, desired.maximumPercent());
        int lower = RolloutMath.lower(d, desired.minimumHealthyPercent());
        int live = tasks.size();
        List<TaskState> wanted = tasks.stream().filter(TaskState::wanted).toList();
        List<TaskState> keepers = wanted.stream().filter(t -> isPrimary(desired, t) && !t.unhealthy()
                && !t.onDrainingInstance()).toList();
        int need = d - keepers.size();
        int start = desired.launchesBlocked() ? 0 : Math.max(0, Math.min(need, upper - live));

        List<Stop> stops = new ArrayList<>();
        List<String> freeRetire = new ArrayList<>();
        List<String> healthyRetire = new ArrayList<>();
        for (TaskState t : wanted) {
            boolean retiring = !isPrimary(desired, t) || t.onDrainingInstance();
            if (!retiring || t.unhealthy()) {
                continue;
            }
            (t.healthy() ? healthyRetire : freeRetire).add(t.taskId());
        }
        freeRetire.forEach(id -> stops.add(new Stop(id, reasonFor(desired, byId(tasks, id)))));
        if (need < 0) {
            retireSurplus(keepers, -need, chooser, stops, healthyRetire);
        }
        long healthyNow = wanted.stream().filter(t -> t.healthy() && !t.unhealthy()).count();
        int canStop = (int) Math.max(0, healthyNow - lower);
        List<String> healthyVictims = healthyRetire.size() <= canStop ? healthyRetire
                : chooser.choose(healthyRetire, canStop);
        healthyVictims.forEach(id -> stops.add(new Stop(id, reasonFor(desired, byId(tasks, id)))));
        stopUnhealthy(wanted, keepers.size() + start, d, live >= upper && start == 0, stops);

        boolean retirementsLeft = !healthyRetire.isEmpty() && healthyVictims.size() < healthyRetire.size();
        boolean allSettled = wanted.stream().allMatch(t -> t.healthy() && !t.pending());
        boolean deadlocked = d > 0 && start == 0 && stops.isEmpty() && retirementsLeft && allSettled;
        boolean steady = stops.isEmpty() && start == 0 && live == d && keepers.size() == d
                && keepers.stream().allMatch(TaskState::healthy);
        return new Actions(start, List.copyOf(stops), deadlocked, steady);
    }

    /**
     * Primary tasks beyond D are chosen by the scale-in rule among all keepers (as ECS does); the
     * chosen ones that are not healthy yet stop freely, healthy ones join the bounded retirements.
     */
    private static void retireSurplus(List<TaskState> keepers, int surplus, VictimChooser chooser, List<Stop> stops,
            List<String> healthyRetire) {
        List<String> victims = chooser.choose(keepers.stream().map(TaskState::taskId).toList(), surplus);
        for (TaskState t : keepers) {
            if (!victims.contains(t.taskId())) {
                continue;
            }
            if (t.healthy()) {
                healthyRetire.add(t.taskId());
            } else {
                stops.add(new Stop(t.taskId(), StopReason.SCALE_IN));
            }
        }
    }

    private static void stopUnhealthy(List<TaskState> wanted, int covered, int d, boolean noHeadroom, List<Stop> stops) {
        List<String> unhealthy = wanted.stream().filter(TaskState::unhealthy).map(TaskState::taskId).toList();
        if (unhealthy.isEmpty()) {
            return;
        }
        int replaced = Math.max(0, covered + unhealthy.size() - d);
        int n = Math.min(unhealthy.size(), replaced > 0 ? replaced : noHeadroom ? 1 : 0);
        unhealthy.stream().limit(n).forEach(id -> stops.add(new Stop(id, StopReason.UNHEALTHY)));
    }

    private static boolean isPrimary(Desired desired, TaskState t) {
        return desired.primaryDeploymentId().equals(t.deploymentId());
    }

    private static TaskState byId(List<TaskState> tasks, String id) {
        return tasks.stream().filter(t -> t.taskId().equals(id)).findFirst().orElseThrow();
    }

    private static StopReason reasonFor(Desired desired, TaskState t) {
        if (t.onDrainingInstance()) {
            return StopReason.DRAINING;
        }
        return isPrimary(desired, t) ? StopReason.SCALE_IN : StopReason.DEPLOYMENT;
    }
}
