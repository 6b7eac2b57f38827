package dev.gantry.ecs;

import dev.gantry.api.Page;
import dev.gantry.cluster.Tag;
import dev.gantry.task.RunTaskRequest;
import dev.gantry.task.StartTaskRequest;
import dev.gantry.task.TaskContainer;
import dev.gantry.task.TaskManagement;
import dev.gantry.task.TaskOverride;
import dev.gantry.task.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * RunTask, StartTask, StopTask, DescribeTasks and ListTasks over {@link TaskManagement}, the service REST v1's
 * task endpoints call. Members of ECS's request shapes that Gantry cannot honour (Fargate's networking and platform
 * versions, capacity providers, EBS volume configurations, ECS Exec, IAM roles and files in overrides) are refused
 * naming the member, never dropped.
 */
@Component
class TaskOperations implements EcsOperations {

    static final Set<String> LAUNCH_TYPES = Set.of("EC2", "EXTERNAL", "FARGATE");
    static final Set<String> INCLUDE = Set.of("TAGS");
    /** Every Gantry task runs on a registered Docker host, which ECS calls an external instance. */
    static final String LAUNCH_TYPE = "EXTERNAL";

    private final TaskManagement tasks;
    private final EcsJson json;

    TaskOperations(TaskManagement tasks, EcsJson json) {
        this.tasks = tasks;
        this.json = json;
    }

    /** ECS's Task shape (ecs-semantics §1.4): every member Gantry keeps; tags only with {@code include: [TAGS]}. */
    record EcsTask(String taskArn, String clusterArn, String taskDefinitionArn, String containerInstanceArn,
            EcsTaskOverride overrides, String lastStatus, String desiredStatus, String healthStatus, String cpu,
            String memory, List<EcsContainer> containers, String group, String startedBy, String launchType,
            String availabilityZone, String connectivity, Instant createdAt, Instant pullStartedAt,
            Instant pullStoppedAt, Instant startedAt, Instant stoppingAt, Instant stoppedAt,
            Instant executionStoppedAt, String stopCode, String stoppedReason, long version,
            boolean enableExecuteCommand, List<Tag> tags) {
    }

    /** ECS's Container inside a task. */
    record EcsContainer(String containerArn, String taskArn, String name, String image, String imageDigest,
            String runtimeId, String lastStatus, Integer exitCode, String reason,
            List<TaskContainer.NetworkBinding> networkBindings, List<Object> networkInterfaces, String healthStatus,
            String cpu, String memory, String memoryReservation) {
    }

    /** ECS's TaskOverride as a task echoes it: containerOverrides always present (empty when none were given). */
    record EcsTaskOverride(List<TaskOverride.ContainerOverride> containerOverrides, String cpu, String memory,
            List<Object> inferenceAcceleratorOverrides) {
    }

    record TasksAnswer(List<EcsTask> tasks, List<EcsFailure> failures) {
    }

    record TaskAnswer(EcsTask task) {
    }

    record TaskArns(List<String> taskArns, String nextToken) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                EcsOperation.inCluster("RunTask", call -> null, this::run),
                EcsOperation.inCluster("StartTask", call -> null, this::start),
                EcsOperation.inCluster("StopTask", call -> call.string("task"), this::stop),
                EcsOperation.inCluster("DescribeTasks", call -> null, this::describe),
                EcsOperation.inCluster("ListTasks", call -> null, this::list));
    }

    private TasksAnswer run(EcsCall call) {
        if (call.has("capacityProviderStrategy") && !call.body().get("capacityProviderStrategy").isEmpty()) {
            throw EcsError.unsupported("capacityProviderStrategy: capacity providers are not offered by Gantry; "
                    + "tasks run on the Docker hosts registered with the cluster (launchType EC2 or EXTERNAL).");
        }
        if (call.string("platformVersion") != null) {
            throw EcsError.invalidParameter("platformVersion applies to FARGATE tasks only; Gantry runs none.");
        }
        call.enumValue("launchType", LAUNCH_TYPES);
        refuseLaunchMembers(call);
        RunTaskRequest request = call.as(RunTaskRequest.class);
        return answer(tasks.runTask(call.cluster(), request));
    }

    private TasksAnswer start(EcsCall call) {
        EcsCall.atMost("containerInstances", call.strings("containerInstances"), 10);
        refuseLaunchMembers(call);
        StartTaskRequest request = call.as(StartTaskRequest.class);
        return answer(tasks.startTask(call.cluster(), request));
    }

    /** What RunTask and StartTask share and Gantry cannot honour. */
    private void refuseLaunchMembers(EcsCall call) {
        String propagate = call.enumValue("propagateTags", Set.of("TASK_DEFINITION", "SERVICE", "NONE"));
        if (propagate != null && !propagate.equals("NONE")) {
            throw EcsError.unsupported("propagateTags " + propagate + ": Gantry does not copy tags onto tasks.");
        }
        if (Boolean.TRUE.equals(call.bool("enableECSManagedTags"))) {
            throw EcsError.unsupported("enableECSManagedTags: Gantry does not add ECS-managed (aws:) tags.");
        }
        if (call.has("networkConfiguration")) {
            throw EcsError.unsupported("networkConfiguration: awsvpc networking (an ENI per task) is not offered by "
                    + "Gantry; tasks use the task definition's bridge or host network mode.");
        }
        if (call.has("volumeConfigurations") && !call.body().get("volumeConfigurations").isEmpty()) {
            throw EcsError.unsupported("volumeConfigurations: Amazon EBS volumes are not offered by Gantry.");
        }
        if (Boolean.TRUE.equals(call.bool("enableExecuteCommand"))) {
            throw EcsError.unsupported("enableExecuteCommand: ECS Exec is not offered by Gantry yet.");
        }
        JsonNode overrides = call.body().get("overrides");
        if (overrides != null && overrides.isObject()) {
            for (String member : List.of("taskRoleArn", "executionRoleArn", "ephemeralStorage")) {
                if (present(overrides.get(member))) {
                    throw EcsError.unsupported("overrides." + member + " is not offered by Gantry: "
                            + "its hosts have no IAM roles to assume and no ephemeral-storage setting.");
                }
            }
            if (present(overrides.get("inferenceAcceleratorOverrides"))) {
                throw EcsError.unsupported("overrides.inferenceAcceleratorOverrides: Elastic Inference is not "
                        + "offered by Gantry.");
            }
            JsonNode containers = overrides.get("containerOverrides");
            if (containers != null && containers.isArray()) {
                for (int i = 0; i < containers.size(); i++) {
                    for (String member : List.of("environmentFiles", "resourceRequirements")) {
                        if (present(containers.get(i).get(member))) {
                            throw EcsError.unsupported("overrides.containerOverrides[" + i + "]." + member
                                    + " is not offered by Gantry (no S3 environment files, no GPU resources).");
                        }
                    }
                }
            }
        }
    }

    /** A member with a value: not absent, not null, not an empty list or object. */
    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !((node.isArray() || node.isObject()) && node.isEmpty());
    }

    private TaskAnswer stop(EcsCall call) {
        String task = call.requiredString("task");
        String reason = call.string("reason");
        if (reason != null && reason.length() > 1024) {
            throw EcsError.invalidParameter("reason can have at most 1024 characters.");
        }
        return new TaskAnswer(task(tasks.stopTask(call.cluster(), task, reason), false));
    }

    private TasksAnswer describe(EcsCall call) {
        List<String> references = call.requiredStrings("tasks", 100);
        boolean withTags = validInclude(call).contains("TAGS");
        TaskManagement.DescribedTasks described = tasks.describeTasks(call.cluster(), references);
        return new TasksAnswer(described.tasks().stream().map(t -> task(t, withTags)).toList(),
                described.missingArns().stream().map(EcsFailure::missing).toList());
    }

    private List<String> validInclude(EcsCall call) {
        List<String> include = call.strings("include");
        for (String value : include) {
            if (!INCLUDE.contains(value)) {
                throw EcsError.invalidParameter("include must hold only TAGS (got '" + value + "').");
            }
        }
        return include;
    }

    private TaskArns list(EcsCall call) {
        String launchType = call.enumValue("launchType", LAUNCH_TYPES);
        if (launchType != null && call.string("startedBy") != null) {
            throw EcsError.invalidParameter("startedBy must be the only filter when used (with desiredStatus at "
                    + "most): not with launchType.");
        }
        Page<TaskView> page = tasks.listTasks(call.cluster(), call.enumValue("desiredStatus",
                        Set.of("RUNNING", "PENDING", "STOPPED")), call.string("serviceName"), call.string("family"),
                call.string("startedBy"), call.string("containerInstance"), call.maxResults(100),
                call.string("nextToken"));
        if ("FARGATE".equals(launchType)) {
            // every task runs on a registered host: EC2 and EXTERNAL match every task (RunTask accepts both, and a
            // script that lists its EC2 tasks must find them, as ListServices does), FARGATE none
            return new TaskArns(List.of(), null);
        }
        return new TaskArns(page.items().stream().map(TaskView::taskArn).toList(), page.nextToken());
    }

    private TasksAnswer answer(TaskView.Launched launched) {
        // tags the call gave are in its answer, as ECS answers them
        return new TasksAnswer(launched.tasks().stream().map(t -> task(t, t.tags() != null && !t.tags().isEmpty()))
                        .toList(),
                launched.failures().stream().map(f -> new EcsFailure(f.arn(), f.reason(), f.detail())).toList());
    }

    private EcsTask task(TaskView view, boolean withTags) {
        List<EcsContainer> containers = view.containers() == null ? List.of() : view.containers().stream()
                .map(c -> new EcsContainer(c.containerArn(), c.taskArn(), c.name(), c.image(), c.imageDigest(),
                        c.runtimeId(), c.lastStatus(), c.exitCode(), c.reason(), c.networkBindings(), List.of(),
                        c.healthStatus(), c.cpu(), c.memory(), c.memoryReservation()))
                .toList();
        return new EcsTask(view.taskArn(), view.clusterArn(), view.taskDefinitionArn(), view.containerInstanceArn(),
                overrides(view.overrides()), view.lastStatus(), view.desiredStatus(), view.healthStatus(), view.cpu(),
                view.memory(), containers, view.group(), view.startedBy(), view.launchType(), view.availabilityZone(),
                view.connectivity(), view.createdAt(), view.pullStartedAt(), view.pullStoppedAt(), view.startedAt(),
                view.stoppingAt(), view.stoppedAt(), view.executionStoppedAt(), view.stopCode(),
                view.stoppedReason(), view.version(), false,
                withTags ? (view.tags() == null ? List.of() : view.tags()) : null);
    }

    private EcsTaskOverride overrides(JsonNode stored) {
        TaskOverride given = stored == null || stored.isNull() || stored.isEmpty() ? null
                : json.mapper().treeToValue(stored, TaskOverride.class);
        if (given == null) {
            return new EcsTaskOverride(List.of(), null, null, List.of());
        }
        return new EcsTaskOverride(given.containerOverrides() == null ? List.of() : given.containerOverrides(),
                given.cpu(), given.memory(), List.of());
    }
}
