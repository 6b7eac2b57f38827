package dev.gantry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rollout's bookkeeping as pure decisions over recorded facts and a time passed in: the circuit breaker, the launch
 * throttle, and the retirement and completion of deployments. Nothing here reads a clock or a row; the reconciler
 * reads the facts (with database time as {@code now}, since the facts' times were written by the database), asks, and
 * writes what the answer says. Rules:
 * <ol>
 *   <li><b>Breaker.</b> Only an IN_PROGRESS rollout is judged. It trips when the breaker is enabled and the failures
 *       recorded since the deployment's reset reach the threshold (the configured one, else
 *       {@link RolloutMath#circuitBreakerThreshold}); a trip with {@code rollback} asks for the last COMPLETED
 *       revision. Below the threshold the stored failure count is brought up to date when it differs.</li>
 *   <li><b>Throttle.</b> After {@code n} consecutive failures to start, launches wait
 *       {@link RolloutMath#throttleDelayMillis base × 2^(n−1), capped} after the last one. From the third failure on,
 *       a waiting throttle also warns that the service cannot consistently start tasks.</li>
 *   <li><b>Deployments.</b> A non-PRIMARY deployment without live tasks retires. A deleted (DRAINING) service goes
 *       INACTIVE once it has no live task. Otherwise the service is steady when every other deployment is empty, it
 *       has exactly {@code desired} live tasks and as many healthy PRIMARY tasks on active instances that have run
 *       for the health-check window; a steady IN_PROGRESS rollout completes.</li>
 * </ol>
 */
public final class RolloutBookkeeping {

    private RolloutBookkeeping() {
    }

    /** What the breaker judges: the PRIMARY's state, its stored and its recorded failures, and the configuration. */
    public record BreakerFacts(Deployment.RolloutState state, int storedFailures, int failuresSinceReset, int desired,
            DeploymentConfiguration.DeploymentCircuitBreaker breaker, int minThreshold, int maxThreshold) {
    }

    public enum BreakerAction {
        /** nothing to write */
        NONE,
        /** store {@link BreakerVerdict#failures()} as the deployment's failed-task count */
        RECORD_FAILURES,
        /** the rollout FAILED; with {@link BreakerVerdict#rollback()}, deploy the last COMPLETED revision */
        TRIP
    }

    public record BreakerVerdict(BreakerAction action, int failures, int threshold, boolean rollback) {
    }

    public static BreakerVerdict breaker(BreakerFacts f) {
        var breaker = f.breaker();
        int threshold = breaker != null && breaker.threshold() != null ? breaker.threshold()
                : RolloutMath.circuitBreakerThreshold(f.desired(), f.minThreshold(), f.maxThreshold());
        if (f.state() != Deployment.RolloutState.IN_PROGRESS) {
            return new BreakerVerdict(BreakerAction.NONE, f.storedFailures(), threshold, false);
        }
        boolean enabled = breaker != null && Boolean.TRUE.equals(breaker.enable());
        if (enabled && f.failuresSinceReset() >= threshold) {
            return new BreakerVerdict(BreakerAction.TRIP, f.failuresSinceReset(), threshold,
                    Boolean.TRUE.equals(breaker.rollback()));
        }
        BreakerAction action = f.failuresSinceReset() != f.storedFailures() ? BreakerAction.RECORD_FAILURES : BreakerAction.NONE;
        return new BreakerVerdict(action, f.failuresSinceReset(), threshold, false);
    }

    /** {@code until}: when launches may go on again (null: no failures to wait for). */
    public record Throttle(boolean waiting, Instant until, boolean warn) {
    }

    public static Throttle throttle(int consecutiveFailures, Instant lastFailure, Duration base, Duration cap, Instant now) {
        if (consecutiveFailures <= 0 || lastFailure == null) {
            return new Throttle(false, null, false);
        }
        Duration delay = Duration.ofMillis(RolloutMath.throttleDelayMillis(consecutiveFailures, base.toMillis(), cap.toMillis()));
        Instant until = lastFailure.plus(delay);
        boolean waiting = until.isAfter(now);
        return new Throttle(waiting, until, waiting && consecutiveFailures >= 3);
    }

    /** A live (not STOPPED) task of the service as the diff sees it, with the time the database recorded it started. */
    public record LiveTask(Instant startedAt, ServiceDiff.TaskState state) {
    }

    /**
     * @param retire     non-PRIMARY deployments to retire (INACTIVE)
     * @param completes  the PRIMARY rollout completes now
     * @param steady     the service has reached a steady state
     * @param inactive   the deleted service goes INACTIVE
     */
    public record DeploymentsVerdict(List<String> retire, boolean completes, boolean steady, boolean inactive) {
    }

    /** {@code bake}: how long a PRIMARY task must have run to count towards completion (its health-check window). */
    public static DeploymentsVerdict deployments(boolean draining, List<Deployment> deployments, List<LiveTask> live,
            int desired, Duration bake, Instant now) {
        Set<String> withTasks = live.stream().map(t -> String.valueOf(t.state().deploymentId())).collect(Collectors.toSet());
        List<String> retire = deployments.stream()
                .filter(d -> d.status() == Deployment.Status.ACTIVE && !withTasks.contains(d.id()))
                .map(Deployment::id).toList();
        if (draining) {
            return new DeploymentsVerdict(retire, false, false, live.isEmpty());
        }
        Deployment primary = deployments.stream().filter(d -> d.status() == Deployment.Status.PRIMARY).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no PRIMARY deployment"));
        boolean othersEmpty = deployments.stream().filter(d -> d.status() != Deployment.Status.PRIMARY)
                .noneMatch(d -> withTasks.contains(d.id()));
        long healthyPrimary = live.stream()
                .filter(t -> t.startedAt() != null && !t.startedAt().plus(bake).isAfter(now))
                .map(LiveTask::state)
                .filter(s -> s.wanted() && s.healthy() && !s.onDrainingInstance() && primary.id().equals(s.deploymentId()))
                .count();
        boolean steady = othersEmpty && healthyPrimary == desired && live.size() == desired;
        boolean completes = steady && primary.rolloutState() == Deployment.RolloutState.IN_PROGRESS;
        return new DeploymentsVerdict(retire, completes, steady, false);
    }
}
