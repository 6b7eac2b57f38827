package dev.gantry.task;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.TaskId;
import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** RunTask, StartTask, StopTask, DescribeTasks and ListTasks. */
@Component
public class TaskManagement {

    private final ClusterManagement clusters;
    private final TaskRepository tasks;
    private final TaskViews views;
    private final TaskPlacement placement;
    private final TaskDefinitionManagement definitions;
    private final ContainerInstanceRepository instances;
    private final ApplicationEventPublisher events;
    private final ServiceDirectory services;
    private final JsonMapper json;
    private final Arns arns;
    private final RunTaskTokens tokens;

    TaskManagement(ClusterManagement clusters, TaskRepository tasks, TaskViews views, TaskPlacement placement,
            TaskDefinitionManagement definitions, ContainerInstanceRepository instances, ApplicationEventPublisher events,
            ServiceDirectory services, JsonMapper json, GantryProperties properties, RunTaskTokens tokens) {
        this.tokens = tokens;
        this.clusters = clusters;
        this.tasks = tasks;
        this.views = views;
        this.placement = placement;
        this.definitions = definitions;
        this.instances = instances;
        this.events = events;
        this.services = services;
        this.json = json;
        this.arns = properties.arns();
    }

    /**
     * RunTask. With a clientToken the whole request (validation, placement, the tasks' commit and the stored
     * answer) runs once per token and cluster in one transaction, and retries replay that answer (RunTaskTokens).
     */
    public TaskView.Launched runTask(String clusterRef, RunTaskRequest request) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        if (request.clientToken() == null) {
            return launched(place(cluster, request));
        }
        RunTaskTokens.Answer answer = tokens.once(cluster.id(), request.clientToken(), fingerprint(request),
                () -> place(cluster, request));
        TaskPlacement.Outcome outcome = new TaskPlacement.Outcome(
                answer.response().taskIds().stream().map(TaskId::new).toList(), answer.response().failures());
        if (!answer.replayed()) {
            return launched(outcome);
        }
        // the replay shows the same tasks in the same order, as they are now (a task may have started or stopped since)
        List<Task> earlier = new java.util.ArrayList<>(tasks.findAll(outcome.taskIds()));
        earlier.sort(java.util.Comparator.comparingInt(t -> outcome.taskIds().indexOf(t.id())));
        return new TaskView.Launched(views.views(earlier), outcome.failures());
    }

    private TaskPlacement.Outcome place(ActiveCluster cluster, RunTaskRequest request) {
        if (request.launchType() != null && !Set.of("EC2", "EXTERNAL").contains(request.launchType())) {
            throw ApiException.invalidParameter("launchType", "must be EC2 or EXTERNAL; Gantry runs tasks on registered Docker hosts");
        }
        long definitionId = definitions.resolveActiveForLaunch(request.taskDefinition()).id();
        if (instances.listByCluster(cluster.id(), List.of(ContainerInstance.Status.ACTIVE, ContainerInstance.Status.DRAINING)).isEmpty()) {
            throw ApiException.invalidParameter("cluster", "No Container Instances were found in your cluster.");
        }
        int count = request.count() == null ? 1 : request.count();
        List<Tag> tags = Tags.merged(List.of(), request.tags());
        TaskPlacement.Outcome outcome = placement.runTask(cluster, definitionId, request, count);
        tasks.setTags(outcome.taskIds(), tags);
        return outcome;
    }

    public TaskView.Launched startTask(String clusterRef, StartTaskRequest request) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        long definitionId = definitions.resolveActiveForLaunch(request.taskDefinition()).id();
        List<Tag> tags = Tags.merged(List.of(), request.tags());
        TaskPlacement.Outcome outcome = placement.startTask(cluster, definitionId, request);
        tasks.setTags(outcome.taskIds(), tags);
        return launched(outcome);
    }

    private TaskView.Launched launched(TaskPlacement.Outcome outcome) {
        List<Task> placed = tasks.findAll(outcome.taskIds());
        // launch before rendering the answer: the launch need not wait for the response
        if (!placed.isEmpty()) {
            events.publishEvent(new TaskEvents.TasksPlaced(placed.getFirst().clusterId(), placed));
        }
        return new TaskView.Launched(views.views(placed), outcome.failures());
    }

    private String fingerprint(RunTaskRequest request) {
        return dev.gantry.shared.Fingerprints.sha256(json.writeValueAsString(request));
    }

    /** StopTask: desiredStatus STOPPED now; the host loop sends SIGTERM, then SIGKILL after stopTimeout. */
    public TaskView stopTask(String clusterRef, String taskRef, String reason) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Task task = require(cluster, taskRef);
        if (tasks.requestStop(task.id(), StopCause.USER_REQUEST, reason == null || reason.isBlank() ? "Task stopped by user" : reason)
                && task.containerInstanceId() != null) {
            events.publishEvent(new TaskEvents.HostWorkChanged(Set.of(task.containerInstanceId().value())));
        }
        return views.view(tasks.find(task.id()).orElseThrow());
    }

    public TaskView describeTask(String clusterRef, String taskRef) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        return views.view(require(cluster, taskRef));
    }

    /** ListTagsForResource of a task (any status) in an ACTIVE cluster; ResourceNotFoundException when none. */
    public List<Tag> listTags(String clusterRef, String taskRef) {
        return Tags.list(tagStore(), requireForTags(clusters.requireActive(clusterRef), taskRef));
    }

    /** TagResource: adds tags, replacing the values of keys it already has (at most 50 in all). */
    @Transactional
    public List<Tag> tagTask(String clusterRef, String taskRef, List<Tag> added) {
        return Tags.tag(tagStore(), requireForTags(clusters.requireActive(clusterRef), taskRef), added);
    }

    /** UntagResource: removes the tags of these keys (keys it does not have are ignored). */
    @Transactional
    public List<Tag> untagTask(String clusterRef, String taskRef, List<String> keys) {
        return Tags.untag(tagStore(), requireForTags(clusters.requireActive(clusterRef), taskRef), keys);
    }

    private Tags.Store<TaskId> tagStore() {
        return Tags.Store.of(tasks::tags, (id, tags) -> tasks.setTags(List.of(id), tags));
    }

    private TaskId requireForTags(ActiveCluster cluster, String reference) {
        TaskId id = arns.taskId(reference).map(TaskId::new).orElseThrow(() ->
                ApiException.invalidParameter("resourceArn", "must be a task ARN"));
        return tasks.find(new ClusterId(cluster.id()), id).map(Task::id).orElseThrow(ApiException::resourceNotFound);
    }

    /** DescribeTasks: the tasks found, in the order asked, and each reference not found as the task ARN it names. */
    public DescribedTasks describeTasks(String clusterRef, List<String> references) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        List<Task> found = new java.util.ArrayList<>();
        List<String> missing = new java.util.ArrayList<>();
        for (String reference : references) {
            java.util.Optional<Task> task = arns.taskId(reference)
                    .flatMap(id -> tasks.find(new ClusterId(cluster.id()), new TaskId(id)));
            if (task.isPresent()) {
                found.add(task.get());
            } else {
                missing.add(reference.startsWith("arn:") ? reference
                        : arns.task(cluster.name(), reference.substring(reference.lastIndexOf('/') + 1)));
            }
        }
        return new DescribedTasks(views.views(found), missing);
    }

    /** What DescribeTasks found, and the ARNs of the tasks it did not (ECS's MISSING failures). */
    public record DescribedTasks(List<TaskView> tasks, List<String> missingArns) {
    }

    public Task require(ActiveCluster cluster, String reference) {
        TaskId id = arns.taskId(reference).map(TaskId::new).orElseThrow(() -> ApiException.invalidParameter("task",
                "must be a 32-character task id or a task ARN"));
        return tasks.find(new ClusterId(cluster.id()), id).orElseThrow(() -> ApiException.notFound("InvalidParameterException",
                "Task " + id + " not found in cluster " + cluster.name() + "."));
    }

    /**
     * ListTasks with ECS's filters; desiredStatus defaults to RUNNING (PENDING is accepted and matches nothing), and
     * startedBy, as in ECS, is not combined with the other filters.
     */
    public Page<TaskView> listTasks(String clusterRef, String desiredStatus, String serviceName, String family,
            String startedBy, String containerInstance, Integer maxResults, String nextToken) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        if (startedBy != null && (serviceName != null || family != null || containerInstance != null)) {
            // ECS's rule: startedBy is matched alone (desiredStatus still applies)
            throw ApiException.invalidParameter("startedBy", "must be the only filter when used (with desiredStatus "
                    + "at most): not with serviceName, family or containerInstance");
        }
        Keyset keyset = Keyset.of(maxResults, nextToken);
        String status = desiredStatus == null ? "RUNNING" : desiredStatus;
        if (!Set.of("RUNNING", "PENDING", "STOPPED").contains(status)) {
            throw ApiException.invalidParameter("desiredStatus", "must be RUNNING, PENDING or STOPPED");
        }
        if (status.equals("PENDING")) {
            return new Page<>(List.of(), null);
        }
        ServiceId serviceId = serviceName == null ? null : new ServiceId(services.newestIdNamed(cluster.id(),
                arns.serviceName(serviceName).orElseThrow(() ->
                        ApiException.invalidParameter("serviceName", "must be a service name or service ARN")))
                .orElse(-1L));
        List<TaskDefinitionId> familyIds = family == null ? null
                : definitions.idsOfFamily(family).stream().map(TaskDefinitionId::new).toList();
        InstanceId instanceId = containerInstance == null ? null : arns.containerInstanceId(containerInstance)
                .map(InstanceId::new).orElseThrow(() -> ApiException.invalidParameter("containerInstance",
                        "must be a 32-character container instance id or its ARN"));
        List<Task> page = tasks.list(new TaskRepository.ListFilter(new ClusterId(cluster.id()), status, serviceId,
                familyIds, startedBy, instanceId, keyset.afterOr(""), keyset.limit()));
        return keyset.page(page, t -> t.id().value(), views::views);
    }

    /** The instance a task runs on, for the logs endpoint. */
    public ContainerInstance hostOf(Task task) {
        if (task.containerInstanceId() == null) {
            throw ApiException.conflict("InvalidParameterException", "The task was never placed on a container instance.");
        }
        return instances.findById(task.containerInstanceId().value()).orElseThrow();
    }
}
