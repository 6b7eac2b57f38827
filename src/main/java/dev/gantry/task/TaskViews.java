package dev.gantry.task;

import dev.gantry.shared.InstanceId;
import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.cluster.Tag;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Renders task rows in the ECS Task shape. */
@Component
public class TaskViews {

    private final Arns arns;
    private final ClusterDirectory clusters;
    private final TaskDefinitionDocuments definitions;
    private final ContainerInstanceRepository instances;
    private final JsonMapper json;
    private final TaskRepository tasks;

    TaskViews(GantryProperties properties, ClusterDirectory clusters, TaskDefinitionDocuments definitions,
            ContainerInstanceRepository instances, JsonMapper json, TaskRepository tasks) {
        this.tasks = tasks;
        this.arns = properties.arns();
        this.clusters = clusters;
        this.definitions = definitions;
        this.instances = instances;
        this.json = json;
    }

    public String taskArn(Task t) {
        return arns.task(clusters.name(t.clusterId().value()), t.id().value());
    }

    /** Many tasks at once: each instance's zone is looked up once, not once per task. */
    public List<TaskView> views(List<Task> list) {
        java.util.Map<InstanceId, java.util.Optional<String>> zones = new java.util.HashMap<>();
        java.util.Map<dev.gantry.shared.TaskId, List<Tag>> tags = tasks.tagsOf(list.stream().map(Task::id).toList());
        return list.stream().map(t -> view(t, zones, tags.getOrDefault(t.id(), List.of()))).toList();
    }

    public TaskView view(Task t) {
        return view(t, new java.util.HashMap<>(), tasks.tags(t.id(), false).orElse(List.of()));
    }

    private TaskView view(Task t, java.util.Map<InstanceId, java.util.Optional<String>> zones, List<Tag> tags) {
        String cluster = clusters.name(t.clusterId().value());
        String taskArn = arns.task(cluster, t.id().value());
        List<TaskView.ContainerView> containers = t.containers().stream().map(c -> new TaskView.ContainerView(
                arns.container(cluster, t.id().value(), c.containerId()), taskArn, c.name(), c.image(), c.imageDigest(),
                c.runtimeId(), name(c.lastStatus()), c.exitCode(), c.reason(),
                c.lastStatus() == TaskLifecycle.ContainerStatus.RUNNING || !c.networkBindings().isEmpty() ? c.networkBindings() : null,
                name(c.healthStatus()), String.valueOf(c.cpu()), c.memory() == null ? null : String.valueOf(c.memory()),
                c.memoryReservation() == null ? null : String.valueOf(c.memoryReservation()))).toList();
        String az = t.containerInstanceId() == null ? null : zones.computeIfAbsent(t.containerInstanceId(),
                id -> instances.findById(id.value()).map(i -> i.attributes().get("ecs.availability-zone"))).orElse(null);
        JsonNode overrides = t.overridesJson() == null ? null : json.readTree(t.overridesJson());
        return new TaskView(taskArn, arns.cluster(cluster), definitions.byId(t.taskDefinitionId()).taskDefinitionArn(),
                t.containerInstanceId() == null ? null : arns.containerInstance(cluster, t.containerInstanceId().value()),
                containers, overrides, t.lastStatus().name(), t.desiredStatus().name(), name(t.healthStatus()),
                String.valueOf(t.cpu()), String.valueOf(t.memory()), t.group(), t.startedBy(), "EXTERNAL", az,
                t.connectivity(), t.createdAt(), t.pullStartedAt(), t.pullStoppedAt(), t.startedAt(), t.stoppingAt(),
                t.stoppedAt(), t.executionStoppedAt(), name(t.stopCode()), t.stoppedReason(), t.version(), tags);
    }

    /** The wire spelling of a closed set: the constant's name, as ECS spells these values. */
    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
