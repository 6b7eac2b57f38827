package dev.gantry.reconcile;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Failure;
import dev.gantry.placement.PlacementStrategy;
import dev.gantry.placement.ScaleInSelector;
import dev.gantry.placement.SpreadRebalancer;
import dev.gantry.service.Deployment;
import dev.gantry.service.RolloutBookkeeping;
import dev.gantry.service.RolloutMath;
import dev.gantry.service.Service;
import dev.gantry.service.ServiceDiff;
import dev.gantry.service.ServiceEvents;
import dev.gantry.service.ServiceRepository;
import dev.gantry.shared.Randomness;
import dev.gantry.task.Task;
import dev.gantry.task.TaskDefinitionDocuments;
import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * One pass of the service scheduler for one service: circuit breaker and throttle first, then the
 * pure {@link ServiceDiff} (or the daemon rules), then launches and stops at the edge, then
 * deployment bookkeeping (old deployments retire, rollouts complete, deleted services go INACTIVE).
 * Level-triggered: everything is recomputed from the rows on every pass.
 */
@Component
class ServiceReconciler implements Reconciler<Long> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServiceReconciler.class);

    private final ServiceRepository services;
    private final TaskRepository tasks;
    private final ContainerInstanceRepository instances;
    private final TaskDefinitionDocuments definitions;
    private final ServiceLaunches launches;
    private final ServiceEvents events;
    private final LeaseFence fence;
    private final ServiceProperties properties;
    private final DaemonPass daemons;
    private final ScaleInSelector scaleIn = new ScaleInSelector();
    private final SpreadRebalancer rebalancer = new SpreadRebalancer();
    private final SchedulerMetrics metrics;
    /** database time: every time compared here (startedAt, stoppedAt) was written by the database */
    private final DatabaseClock clock;
    private final Randomness randomness;

    ServiceReconciler(ServiceRepository services, TaskRepository tasks, ContainerInstanceRepository instances,
            TaskDefinitionDocuments definitions, ServiceLaunches launches, ServiceEvents events,
            LeaseFence fence, ServiceProperties properties, DaemonPass daemons, SchedulerMetrics metrics,
            DatabaseClock clock, Randomness randomness) {
        this.clock = clock;
        this.randomness = randomness;
        this.metrics = metrics;
        this.services = services;
        this.tasks = tasks;
        this.instances = instances;
        this.definitions = definitions;
        this.launches = launches;
        this.events = events;
        this.fence = fence;
        this.properties = properties;
        this.daemons = daemons;
    }

    /**
     * Every write of the pass is made through {@link LeaseFence} under the authority captured here, before the pass
     * reads what it decides on: a pass that outlives this replica's term (paused, slow) lands nothing.
     */
    @Override
    public Outcome reconcile(Long serviceId) {
        Optional<Service> found = services.find(serviceId);
        if (found.isEmpty() || found.get().status() == Service.Status.INACTIVE) {
            return Outcome.done();
        }
        Optional<LeaseFence.Authority> authority = fence.current(found.get().clusterId());
        if (authority.isEmpty()) {
            return Outcome.done();
        }
        try {
            pass(authority.get(), found.get());
        } catch (LeaseFence.Deposed e) {
            // the new holder reconciles the service from the rows; nothing of this pass landed
            log.info("Pass of service {} refused: {}", serviceId, e.getMessage());
        }
        // the next pass comes from ServiceLoops' resync timer (or an event before it); requeueing here as well doubled them
        return Outcome.done();
    }

    private void pass(LeaseFence.Authority authority, Service service) {
        long serviceId = service.id();
        List<Deployment> deployments = services.deployments(serviceId, false);
        Deployment primary = deployments.stream().filter(d -> d.status() == Deployment.Status.PRIMARY).findFirst()
                .orElseThrow(() -> new IllegalStateException("service " + serviceId + " has no PRIMARY deployment"));
        Deployment checked = checkCircuitBreaker(authority, service, primary);
        boolean throttled = throttled(service);
        List<Task> live = tasks.liveOfService(new ServiceId(serviceId));
        Set<String> notActive = instances.notActiveIds(service.clusterId());
        boolean blocked = checked.rolloutState() == Deployment.RolloutState.FAILED || throttled;
        boolean acted = true;
        if (service.daemon()) {
            daemons.pass(authority, service, checked, live, blocked);
        } else {
            acted = replicaPass(authority, service, checked, live, notActive, blocked);
        }
        // a pass that started, stopped or rolled back nothing has read everything bookkeeping needs already
        boolean unchanged = !acted && checked == primary;
        bookkeeping(authority, service, unchanged ? deployments : services.deployments(serviceId, false),
                unchanged ? live : tasks.liveOfService(new ServiceId(serviceId)), notActive);
    }

    /** True when it started or stopped something. */
    private boolean replicaPass(LeaseFence.Authority authority, Service service, Deployment primary, List<Task> live,
            Set<String> notActive, boolean blocked) {
        Instant now = clock.now();
        List<ServiceDiff.TaskState> states = live.stream().map(t -> state(service, t, notActive, now)).toList();
        var desired = new ServiceDiff.Desired(service.desiredCount(), service.deploymentConfiguration().maximumPercent(),
                service.deploymentConfiguration().minimumHealthyPercent(), primary.id(), blocked);
        // the snapshot is only needed to choose victims; a steady pass never builds it
        ServiceDiff.Actions actions = ServiceDiff.compute(desired, states, (candidates, n) -> {
            ClusterSnapshot snapshot = launches.snapshot(service.clusterId());
            List<PlacementStrategy> strategies = launches.request(service, primary, 1).strategies();
            return scaleIn.chooseVictims(snapshot, service.name(), candidates, strategies, n,
                    randomness.tieBreakSeed());
        });
        applyStops(authority, service, actions.toStop(), live);
        ServiceLaunches.Started started = launches.start(authority, service, primary, actions.toStart(), null);
        reportStarts(service, started);
        boolean rebalanced = false;
        if (actions.steady() && service.availabilityZoneRebalancing() && !blocked
                && RolloutMath.upper(service.desiredCount(), service.deploymentConfiguration().maximumPercent())
                > service.desiredCount()) {
            rebalanced = rebalance(authority, service, primary);
        }
        if (actions.deadlocked()) {
            events.record(service, ServiceEvents.deploymentConfigurationDeadlock());
        }
        return !actions.toStop().isEmpty() || !started.taskIds().isEmpty() || rebalanced;
    }

    /**
     * One move per steady pass: start a task where the spread wants it; the next passes see one task
     * too many and retire one by the spread's scale-in rule (from the fullest place) once the new
     * task is healthy, so the service never drops below its desired count.
     */
    private boolean rebalance(LeaseFence.Authority authority, Service service, Deployment primary) {
        List<SpreadRebalancer.Move> moves = rebalancer.plan(launches.snapshot(service.clusterId()),
                launches.request(service, primary, 1), 1);
        if (moves.isEmpty()) {
            return false;
        }
        SpreadRebalancer.Move move = moves.getFirst();
        ServiceLaunches.Started started = launches.start(authority, service, primary, 1, List.of(move.toInstanceId()));
        if (!started.taskIds().isEmpty()) {
            events.record(service, ServiceEvents.rebalancing(new TaskId(started.taskIds().getFirst()),
                    new InstanceId(move.toInstanceId()), new InstanceId(move.fromInstanceId())));
        }
        return !started.taskIds().isEmpty();
    }

    /** {@code notActive}: the cluster's DRAINING and INACTIVE instances (a few, where the ACTIVE ones may be thousands). */
    ServiceDiff.TaskState state(Service service, Task t, Set<String> notActive, Instant now) {
        boolean wanted = t.desiredStatus() == DesiredStatus.RUNNING;
        boolean pending = t.lastStatus().isBefore(LastStatus.RUNNING);
        boolean running = t.lastStatus() == LastStatus.RUNNING;
        boolean checked = definitions.plan(t.taskDefinitionId(), null).containers().stream()
                .anyMatch(c -> c.essential() && c.healthCheck() != null);
        boolean settled = StoredTimes.settled(t.startedAt(), properties.settleTime(), now);
        boolean healthy = wanted && running && (checked ? t.healthStatus() == HealthStatus.HEALTHY : settled);
        boolean graceOver = StoredTimes.graceOver(t.startedAt(), service.healthCheckGracePeriodSeconds(), now);
        boolean unhealthy = wanted && running && t.healthStatus() == HealthStatus.UNHEALTHY && graceOver;
        boolean draining = t.containerInstanceId() == null || notActive.contains(t.containerInstanceId().value());
        return new ServiceDiff.TaskState(t.id().value(), t.deploymentId().value(), wanted, pending, healthy, unhealthy, draining);
    }

    void applyStops(LeaseFence.Authority authority, Service service, List<ServiceDiff.Stop> stops, List<Task> live) {
        if (stops.isEmpty()) {
            return;
        }
        Map<String, Task> byId = new HashMap<>();
        live.forEach(t -> byId.put(t.id().value(), t));
        List<ServiceLaunches.TaskStop> orders = stops.stream().map(s -> {
            Task t = byId.get(s.taskId());
            if (s.reason() == ServiceDiff.StopReason.UNHEALTHY) {
                metrics.replacement(service.clusterId(), "UnhealthyTask");
            }
            boolean unhealthy = s.reason() == ServiceDiff.StopReason.UNHEALTHY;
            String reason = unhealthy ? ServiceEvents.FAILED_HEALTH_CHECKS : ServiceEvents.scalingActivity(t.deploymentId().value());
            return new ServiceLaunches.TaskStop(t.id(), t.containerInstanceId(),
                    unhealthy ? StopCause.FAILED_HEALTH_CHECKS : StopCause.SCHEDULER, reason);
        }).toList();
        List<TaskId> stopped = launches.stop(authority, orders);
        if (!stopped.isEmpty()) {
            events.record(service, ServiceEvents.stopped(stopped.stream().map(TaskId::value).toList()));
        }
    }

    void reportStarts(Service service, ServiceLaunches.Started started) {
        if (!started.taskIds().isEmpty()) {
            events.record(service, ServiceEvents.started(started.taskIds()));
        }
        if (!started.failures().isEmpty()) {
            Failure first = started.failures().getFirst();
            events.record(service, ServiceEvents.unableToPlace(first));
        }
    }

    /**
     * Trips the breaker when the PRIMARY rollout has failed tasks at the threshold; with rollback, deploys the last
     * COMPLETED revision. The trip (FAILED), the rollback (old PRIMARY demoted, new PRIMARY, the service's revision)
     * and their events are one fenced transaction: a crash or a deposition leaves the service as it was, never
     * without a PRIMARY deployment.
     */
    private Deployment checkCircuitBreaker(LeaseFence.Authority authority, Service service, Deployment primary) {
        if (primary.rolloutState() != Deployment.RolloutState.IN_PROGRESS) {
            return primary;
        }
        int desired = service.daemon() ? Math.max(primary.desiredCount(), 1) : service.desiredCount();
        RolloutBookkeeping.BreakerVerdict verdict = RolloutBookkeeping.breaker(new RolloutBookkeeping.BreakerFacts(
                primary.rolloutState(), primary.failedTasks(), tasks.deploymentFailures(new DeploymentId(primary.id()), primary.failuresResetAt()),
                desired, service.deploymentConfiguration().deploymentCircuitBreaker(), properties.breakerMin(),
                properties.breakerMax()));
        switch (verdict.action()) {
            case NONE -> {
                return primary;
            }
            case RECORD_FAILURES -> {
                fence.execute(authority, a -> services.updateRollout(primary.id(), primary.rolloutState(),
                        primary.rolloutStateReason(), verdict.failures()));
                return primary;
            }
            case TRIP -> {
                // the rollback target is read only when the breaker asks for it
            }
        }
        Optional<Deployment> good = verdict.rollback() ? services.lastCompleted(service.id()) : Optional.empty();
        fence.execute(authority, a -> {
            services.updateRollout(primary.id(), Deployment.RolloutState.FAILED,
                    ServiceEvents.ROLLOUT_FAILED_BY_CIRCUIT_BREAKER, verdict.failures());
            events.record(service, ServiceEvents.deploymentFailed(primary.id()));
            if (good.isPresent() && services.rollBack(service.id(), primary.id(), Deployment.newId(randomness),
                    good.get().taskDefinitionId(), service.desiredCount())) {
                events.record(service, ServiceEvents.rollingBack(primary.id(), good.get().id()));
            }
        });
        metrics.circuitBreakerTripped(service.clusterId(), verdict.rollback());
        return services.deployments(service.id(), false).stream()
                .filter(d -> d.status() == Deployment.Status.PRIMARY).findFirst().orElse(primary);
    }

    /** ECS's throttle: consecutive failures to start delay the next launch exponentially, up to the cap. */
    private boolean throttled(Service service) {
        TaskRepository.FailureStreak streak = tasks.startFailures(new ServiceId(service.id()), service.updatedAt());
        RolloutBookkeeping.Throttle throttle = RolloutBookkeeping.throttle(streak.count(), streak.last(),
                properties.throttleBase(), properties.throttleCap(), clock.now());
        if (throttle.warn()) {
            events.record(service, ServiceEvents.unableToStartConsistently());
        }
        return throttle.waiting();
    }

    /**
     * How long a task with a container health check must have run before it counts towards a completed
     * deployment: its first check plus a full failure window (interval × (retries + 1) + timeout). A task
     * that turns HEALTHY and then fails its checks is still inside this window, so the circuit breaker
     * (stage 2) sees it fail while the rollout is IN_PROGRESS. Without a health check the settle time
     * already plays this part.
     */
    private Duration healthCheckWindow(long taskDefinitionId) {
        return definitions.plan(new TaskDefinitionId(taskDefinitionId), null).containers().stream()
                .filter(c -> c.essential() && c.healthCheck() != null)
                .map(c -> Duration.ofSeconds((long) c.healthCheck().interval() * (c.healthCheck().retries() + 1)
                        + c.healthCheck().timeout()))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Old deployments without tasks retire; a steady PRIMARY completes; a deleted service goes INACTIVE when empty. */
    private void bookkeeping(LeaseFence.Authority authority, Service service, List<Deployment> deployments, List<Task> live,
            Set<String> notActive) {
        boolean draining = service.status() == Service.Status.DRAINING;
        Instant now = clock.now();
        Deployment primary = draining ? null : deployments.stream()
                .filter(d -> d.status() == Deployment.Status.PRIMARY).findFirst().orElseThrow();
        List<RolloutBookkeeping.LiveTask> facts = live.stream()
                .map(t -> new RolloutBookkeeping.LiveTask(t.startedAt(), state(service, t, notActive, now))).toList();
        int desired = draining ? 0 : service.daemon() ? primary.desiredCount() : service.desiredCount();
        Duration bake = draining ? Duration.ZERO : healthCheckWindow(primary.taskDefinitionId());
        RolloutBookkeeping.DeploymentsVerdict verdict = RolloutBookkeeping.deployments(draining, deployments, facts,
                desired, bake, now);
        if (draining) {
            if (!verdict.retire().isEmpty() || verdict.inactive()) {
                fence.execute(authority, a -> {
                    verdict.retire().forEach(services::retireDeployment);
                    if (verdict.inactive() && services.markInactive(service.id())) {
                        events.record(service, ServiceEvents.deleted());
                    }
                });
            }
            return;
        }
        if (!verdict.retire().isEmpty() || verdict.completes()) {
            fence.execute(authority, a -> {
                verdict.retire().forEach(services::retireDeployment);
                if (verdict.completes() && services.updateRollout(primary.id(), Deployment.RolloutState.COMPLETED,
                        ServiceEvents.rolloutCompleted(primary.id()), primary.failedTasks())) {
                    events.record(service, ServiceEvents.deploymentCompleted(primary.id()));
                }
            });
        }
        // a claim about what is observed, not a change of state: no fence needed (and a steady pass stays one write)
        if (verdict.steady()) {
            events.record(service, ServiceEvents.steadyState());
        }
    }
}
