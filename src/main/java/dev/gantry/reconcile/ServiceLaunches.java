package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.Randomness;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.task.ClusterSnapshots;
import dev.gantry.task.NewTasks;
import dev.gantry.taskdef.PortMapping;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.placement.Assignment;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Failure;
import dev.gantry.placement.PlacedTask;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementPlan;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementStrategy;
import dev.gantry.service.Deployment;
import dev.gantry.service.Service;
import dev.gantry.shared.Combiner;
import dev.gantry.task.LaunchPlan;
import dev.gantry.task.PlacementRequests;
import dev.gantry.task.TaskCommitter;
import dev.gantry.task.TaskDefinitionDocuments;
import dev.gantry.task.TaskEvents;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The impure edge of the service scheduler: places a deployment's tasks through the placement
 * engine and commits each on its host, and asks tasks to stop; both through {@link LeaseFence} under the
 * authority the pass decided with, so a deposed leader's late launch or stop never lands, and both record that
 * epoch on the task rows (the intents the hosts act on).
 */
@Component
class ServiceLaunches {

    private final PlacementEngine engine = new PlacementEngine();
    private final ClusterSnapshots snapshots;
    private final TaskCommitter committer;
    private final TaskRepository tasks;
    private final TaskDefinitionDocuments definitions;
    private final LeaseFence fence;
    private final ApplicationEventPublisher events;
    private final SchedulerMetrics metrics;
    private final Randomness randomness;
    private final Map<Long, Combiner<Ask, Answer>> batches = new ConcurrentHashMap<>();

    ServiceLaunches(ClusterSnapshots snapshots, TaskCommitter committer, TaskRepository tasks,
            TaskDefinitionDocuments definitions, LeaseFence fence, ApplicationEventPublisher events,
            SchedulerMetrics metrics, Randomness randomness) {
        this.metrics = metrics;
        this.randomness = randomness;
        this.snapshots = snapshots;
        this.committer = committer;
        this.tasks = tasks;
        this.definitions = definitions;
        this.fence = fence;
        this.events = events;
    }

    record Started(List<String> taskIds, List<Failure> failures) {
    }

    ClusterSnapshot snapshot(long clusterId) {
        return snapshots.snapshot(clusterId);
    }

    PlacementRequest request(Service service, Deployment deployment, int count) {
        LaunchPlan plan = definitions.plan(new TaskDefinitionId(deployment.taskDefinitionId()), null);
        return new PlacementRequest("service:" + service.name(), service.name(), plan.reservedCpu(), plan.reservedMemory(),
                new LinkedHashSet<>(plan.staticHostPorts(PortMapping.Protocol.TCP)), new LinkedHashSet<>(plan.staticHostPorts(PortMapping.Protocol.UDP)),
                plan.requiredAttributes(), PlacementRequests.constraints(plan, service.placementConstraints()),
                PlacementRequests.strategies(service.placementStrategy(), PlacementStrategy.SERVICE_DEFAULT), count,
                randomness.tieBreakSeed());
    }

    /** What a service pass asks of a cluster's placement batch, and what it gets. */
    private record Ask(LeaseFence.Authority authority, Service service, Deployment deployment, int count, List<String> only) {
    }

    private record Answer(Started started, RuntimeException failure) {
    }

    /**
     * Places and commits up to {@code count} tasks; {@code only} restricts to named instances (daemon tasks).
     * <p>
     * A cluster's placements are made one batch at a time ({@link Combiner}): asks that arrive while a batch is
     * committing form the next batch, placed against one snapshot read, each seeing the ones before it
     * ({@link ClusterSnapshot#withPlaced}), and committed in one transaction. A hundred services scaling at once
     * then cost a few snapshot reads and commits, not a hundred of each racing for the same instance rows.
     */
    Started start(LeaseFence.Authority authority, Service service, Deployment deployment, int count, List<String> only) {
        if (count <= 0) {
            return new Started(List.of(), List.of());
        }
        long clusterId = service.clusterId();
        Answer answer = batches.computeIfAbsent(clusterId, id -> new Combiner<>(asks -> placeAndCommit(id, asks)))
                .submit(new Ask(authority, service, deployment, count, only));
        if (answer.failure() != null) {
            throw answer.failure();
        }
        return answer.started();
    }

    private List<Answer> placeAndCommit(long clusterId, List<Ask> asks) {
        ClusterSnapshot snapshot = snapshot(clusterId);
        // the newest term among the asks: a pass that decided under an older one is refused, never committed under it
        LeaseFence.Authority authority = asks.stream().map(Ask::authority)
                .max(java.util.Comparator.comparingLong(LeaseFence.Authority::epoch)).orElseThrow();
        List<TaskRepository.NewTask> batch = new ArrayList<>();
        List<PlacementPlan> plans = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Ask ask : asks) {
            try {
                if (!ask.authority().equals(authority)) {
                    // decided under another term of the lease than the batch commits under: never mixed
                    throw new LeaseFence.Deposed(ask.authority(), "the batch commits under epoch " + authority.epoch());
                }
                PlacementRequest request = request(ask.service(), ask.deployment(), ask.count());
                PlacementPlan plan = ask.only() == null ? engine.place(snapshot, request)
                        : engine.checkOn(snapshot, request, ask.only());
                TaskDefinitionId definition = new TaskDefinitionId(ask.deployment().taskDefinitionId());
                LaunchPlan launch = definitions.plan(definition, null);
                String family = definitions.byId(definition).family();
                List<PlacedTask> seen = new ArrayList<>();
                for (Assignment a : plan.assignments()) {
                    TaskRepository.NewTask task = newTask(ask.service(), ask.deployment(), launch, a.instanceId(),
                            authority.epoch());
                    batch.add(task);
                    seen.add(new PlacedTask(task.id().value(), task.group(), family, ask.service().name(), task.cpu(), task.memory()));
                }
                snapshot = snapshot.withPlaced(plan, request, seen);
                plans.add(plan);
                failures.add(null);
            } catch (RuntimeException e) {
                plans.add(null);
                failures.add(e);
            }
        }
        List<java.util.Optional<TaskCommitter.Refusal>> results;
        try {
            results = batch.isEmpty() ? List.of() : fence.run(authority, a -> committer.commitAll(batch, () -> true));
        } catch (LeaseFence.Deposed e) {
            results = batch.stream().map(t -> java.util.Optional.of(TaskCommitter.Refusal.FENCED)).toList();
        }
        List<TaskId> committed = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < asks.size(); i++) {
            PlacementPlan plan = plans.get(i);
            if (plan == null) {
                answers.add(new Answer(null, failures.get(i)));
                continue;
            }
            List<String> started = new ArrayList<>();
            for (int j = 0; j < plan.assignments().size(); j++, next++) {
                if (results.get(next).isEmpty()) {
                    started.add(batch.get(next).id().value());
                    committed.add(batch.get(next).id());
                }
            }
            metrics.placementFailures(clusterId, "service", plan.failures().stream().map(Failure::reason).toList());
            answers.add(new Answer(new Started(started, plan.failures()), null));
        }
        if (!committed.isEmpty()) {
            events.publishEvent(new TaskEvents.TasksPlaced(new ClusterId(clusterId), tasks.findAll(committed)));
        }
        return answers;
    }

    private TaskRepository.NewTask newTask(Service service, Deployment deployment, LaunchPlan plan,
            String instanceId, long epoch) {
        return NewTasks.create(randomness, new ClusterId(service.clusterId()), new TaskDefinitionId(deployment.taskDefinitionId()),
                plan, new InstanceId(instanceId), NewTasks.Origin.service(new ServiceId(service.id()), service.name(),
                        new DeploymentId(deployment.id()), epoch));
    }

    /**
     * Asks tasks to stop (ServiceSchedulerInitiated) in one fenced transaction, recording the epoch as the stop's
     * intent, and wakes their hosts once it committed. Throws {@link LeaseFence.Deposed} when the lease moved on.
     */
    List<TaskId> stop(LeaseFence.Authority authority, List<TaskStop> stops) {
        if (stops.isEmpty()) {
            return List.of();
        }
        Set<String> hosts = new LinkedHashSet<>();
        List<TaskId> stopped = fence.run(authority, a -> {
            List<TaskId> done = new ArrayList<>();
            for (TaskStop s : stops) {
                if (tasks.requestStop(s.taskId(), s.cause(), s.reason(), a.epoch())) {
                    done.add(s.taskId());
                    if (s.instanceId() != null) {
                        hosts.add(s.instanceId().value());
                    }
                }
            }
            return done;
        });
        if (!hosts.isEmpty()) {
            events.publishEvent(new TaskEvents.HostWorkChanged(hosts));
        }
        return stopped;
    }

    record TaskStop(TaskId taskId, InstanceId instanceId, StopCause cause, String reason) {
    }
}
