package dev.gantry.task;

import dev.gantry.shared.TaskId;
import dev.gantry.taskdef.PortMapping;
import dev.gantry.api.ApiException;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.metrics.SchedulerMetrics;
import dev.gantry.placement.Assignment;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Failure;
import dev.gantry.placement.PlacementConstraint;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementInputs;
import dev.gantry.placement.PlacementPlan;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementStrategy;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.Randomness;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places RunTask / StartTask tasks: builds the request from the task definition and the call,
 * asks the pure engine for decisions over a fresh snapshot, and commits each decision on its host.
 * A decision refused at commit (the host changed meanwhile) is placed again from a new snapshot,
 * at most {@value #ROUNDS} rounds; what still does not fit becomes a failure with ECS's reason.
 */
@Component
class TaskPlacement {

    static final int ROUNDS = 3;

    record Outcome(List<TaskId> taskIds, List<TaskView.Failure> failures) {
    }

    /** What every task of one request shares. */
    record Launch(ClusterId clusterId, TaskDefinitionId taskDefinitionId, LaunchPlan plan, String group, String startedBy,
            String overridesJson, String clientToken) {
    }

    private final PlacementEngine engine = new PlacementEngine();
    private final ClusterSnapshots snapshots;
    private final TaskCommitter committer;
    private final TaskDefinitionDocuments definitions;
    private final ContainerInstanceRepository instances;
    private final JsonMapper json;
    private final Arns arns;
    private final SchedulerMetrics metrics;
    private final Randomness randomness;

    TaskPlacement(ClusterSnapshots snapshots, TaskCommitter committer, TaskDefinitionDocuments definitions,
            ContainerInstanceRepository instances, JsonMapper json, GantryProperties properties, SchedulerMetrics metrics,
            Randomness randomness) {
        this.metrics = metrics;
        this.randomness = randomness;
        this.snapshots = snapshots;
        this.committer = committer;
        this.definitions = definitions;
        this.instances = instances;
        this.json = json;
        this.arns = properties.arns();
    }

    Outcome runTask(ActiveCluster cluster, long definitionId, RunTaskRequest request, int count) {
        Launch launch = launch(cluster, definitionId, request.overrides(), request.group(), request.startedBy(),
                request.clientToken());
        List<PlacementConstraint> constraints = PlacementRequests.constraints(launch.plan(), request.placementConstraints());
        List<PlacementStrategy> strategies = PlacementRequests.strategies(request.placementStrategy(),
                PlacementStrategy.RUN_TASK_DEFAULT);
        PlacementRequest placement = request(launch, constraints, strategies, count);
        return placeAndCommit(cluster, launch, placement, null);
    }

    Outcome startTask(ActiveCluster cluster, long definitionId, StartTaskRequest request) {
        Launch launch = launch(cluster, definitionId, request.overrides(), request.group(), request.startedBy(), null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < request.containerInstances().size(); i++) {
            String ref = request.containerInstances().get(i);
            ids.add(arns.containerInstanceId(ref).orElseThrow(() -> ApiException.invalidParameter("containerInstances",
                            "must be container instance ids or ARNs: " + ref)));
        }
        List<TaskView.Failure> failures = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String id : ids) {
            var instance = instances.find(new ClusterId(cluster.id()), new InstanceId(id));
            if (instance.isEmpty()) {
                failures.add(new TaskView.Failure(arns.containerInstance(cluster.name(), id), "MISSING", null));
            } else if (instance.get().status() == dev.gantry.instance.ContainerInstance.Status.INACTIVE) {
                failures.add(new TaskView.Failure(arns.containerInstance(cluster.name(), id), "INACTIVE", null));
            } else {
                known.add(id);
            }
        }
        Outcome placed = known.isEmpty() ? new Outcome(List.of(), List.of())
                : placeAndCommit(cluster, launch, request(launch, List.of(), List.of(), known.size()), known);
        failures.addAll(placed.failures());
        return new Outcome(placed.taskIds(), failures);
    }

    private Launch launch(ActiveCluster cluster, long definitionId, TaskOverride overrides, String group,
            String startedBy, String clientToken) {
        String overridesJson = overrides == null ? "{}" : json.writeValueAsString(overrides);
        LaunchPlan plan = definitions.plan(new TaskDefinitionId(definitionId), overridesJson);
        if (overrides != null && overrides.containerOverrides() != null) {
            for (int i = 0; i < overrides.containerOverrides().size(); i++) {
                String name = overrides.containerOverrides().get(i).name();
                if (plan.containers().stream().noneMatch(c -> c.name().equals(name))) {
                    throw ApiException.invalidParameter("overrides.containerOverrides[" + i + "].name",
                            "the task definition has no container named " + name);
                }
            }
        }
        return new Launch(new ClusterId(cluster.id()), new TaskDefinitionId(definitionId), plan, group == null ? "family:" + plan.family() : group,
                startedBy, overridesJson, clientToken);
    }

    private PlacementRequest request(Launch launch, List<PlacementConstraint> constraints,
            List<PlacementStrategy> strategies, int count) {
        LaunchPlan plan = launch.plan();
        return new PlacementRequest(launch.group(), null, plan.reservedCpu(), plan.reservedMemory(),
                new LinkedHashSet<>(plan.staticHostPorts(PortMapping.Protocol.TCP)), new LinkedHashSet<>(plan.staticHostPorts(PortMapping.Protocol.UDP)),
                plan.requiredAttributes(), constraints, strategies, count, randomness.tieBreakSeed());
    }

    private Outcome placeAndCommit(ActiveCluster cluster, Launch launch, PlacementRequest request, List<String> only) {
        PlacementInputs.validate(request);
        List<TaskId> placed = new ArrayList<>();
        List<TaskView.Failure> failures = new ArrayList<>();
        int remaining = request.count();
        for (int round = 0; round < ROUNDS && remaining > 0; round++) {
            ClusterSnapshot snapshot = snapshots.snapshot(cluster.id());
            PlacementRequest attempt = request.withCount(remaining);
            PlacementPlan plan = only == null ? engine.place(snapshot, attempt) : engine.checkOn(snapshot, attempt, only);
            List<TaskRepository.NewTask> batch = new ArrayList<>();
            for (Assignment a : plan.assignments()) {
                batch.add(newTask(launch, a.instanceId()));
            }
            List<Optional<TaskCommitter.Refusal>> results = committer.commitAll(batch, () -> true);
            int refused = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (results.get(i).isEmpty()) {
                    placed.add(batch.get(i).id());
                } else {
                    refused++;
                }
            }
            remaining = refused;
            // the engine's failures are final for those tasks; only decisions refused at commit are retried
            for (Failure f : plan.failures()) {
                failures.add(new TaskView.Failure(f.closestInstanceArn(), f.reason(), null));
            }
        }
        for (int i = 0; i < remaining; i++) {
            failures.add(new TaskView.Failure(null, "RESOURCE:CONCURRENT_UPDATE",
                    "the chosen instance changed while placing; retry the request"));
        }
        metrics.placementFailures(cluster.id(), "run_task", failures.stream().map(TaskView.Failure::reason).toList());
        return new Outcome(placed, failures);
    }

    private TaskRepository.NewTask newTask(Launch launch, String instanceId) {
        return NewTasks.create(randomness, launch.clusterId(), launch.taskDefinitionId(),
                launch.plan(), new InstanceId(instanceId), NewTasks.Origin.api(launch.group(), launch.startedBy(),
                        launch.overridesJson(), launch.clientToken()));
    }
}
