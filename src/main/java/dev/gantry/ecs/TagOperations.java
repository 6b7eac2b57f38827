package dev.gantry.ecs;

import dev.gantry.api.ApiException;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.Tag;
import dev.gantry.instance.InstanceManagement;
import dev.gantry.service.ServiceManagement;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.Arns;
import dev.gantry.task.TaskManagement;
import dev.gantry.taskdef.TaskDefinitionManagement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * TagResource, UntagResource and ListTagsForResource by {@code resourceArn}: clusters, task definitions, services,
 * tasks and container instances, each stored by the module that owns the resource. The cluster inside the ARN is
 * the one authorised (a key that does not see it gets ClusterNotFoundException, as for a cluster that does not
 * exist); task definitions are account-level, like RegisterTaskDefinition. A resource that does not exist in its
 * cluster is ResourceNotFoundException for TagResource and UntagResource, InvalidParameterException naming
 * resourceArn for ListTagsForResource (whose errors in ECS's model have no ResourceNotFoundException); an ARN of
 * another type, region or account is InvalidParameterException.
 */
@Component
class TagOperations implements EcsOperations {

    enum Type { CLUSTER, TASK_DEFINITION, SERVICE, TASK, CONTAINER_INSTANCE }

    /** A parsed {@code resourceArn}: its type, the cluster it lives in (null for a task definition) and the ARN. */
    record Resource(Type type, String cluster, String arn) {
    }

    /** TagResource's members, with cluster.Tag's validation (at most 50, key 1–128 not aws:, value at most 256). */
    record TagResourceRequest(@NotNull String resourceArn, @NotNull @Size(max = 50) List<@Valid @NotNull Tag> tags) {
    }

    record TagsAnswer(List<Tag> tags) {
    }

    private final ClusterManagement clusters;
    private final TaskDefinitionManagement definitions;
    private final ServiceManagement services;
    private final TaskManagement tasks;
    private final InstanceManagement instances;
    private final Arns arns;

    TagOperations(ClusterManagement clusters, TaskDefinitionManagement definitions, ServiceManagement services,
            TaskManagement tasks, InstanceManagement instances, GantryProperties properties) {
        this.clusters = clusters;
        this.definitions = definitions;
        this.services = services;
        this.tasks = tasks;
        this.instances = instances;
        this.arns = properties.arns();
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                new EcsOperation("TagResource", call -> resource(call).cluster(), call -> resource(call).arn(), this::tag),
                new EcsOperation("UntagResource", call -> resource(call).cluster(), call -> resource(call).arn(),
                        this::untag),
                new EcsOperation("ListTagsForResource", call -> resource(call).cluster(), call -> resource(call).arn(),
                        this::list));
    }

    /** The resource the call's {@code resourceArn} names; refused naming the member when it names none Gantry tags. */
    Resource resource(EcsCall call) {
        String arn = call.requiredString("resourceArn");
        String type = arns.resourceType(arn).orElseThrow(() -> EcsError.invalidParameter("resourceArn must be an "
                + "ECS ARN of this Gantry (" + arns.cluster("NAME") + ", ...); got '" + arn + "'."));
        return switch (type) {
            case "cluster" -> new Resource(Type.CLUSTER, arns.clusterName(arn).orElseThrow(() -> invalidArn(arn)), arn);
            case "task-definition" -> new Resource(Type.TASK_DEFINITION, null, arn);
            case "service" -> new Resource(Type.SERVICE, clusterIn(arn, type), arn);
            case "task" -> new Resource(Type.TASK, clusterIn(arn, type), arn);
            case "container-instance" -> new Resource(Type.CONTAINER_INSTANCE, clusterIn(arn, type), arn);
            default -> throw EcsError.invalidParameter("resourceArn: Gantry tags clusters, task definitions, services, "
                    + "tasks and container instances; '" + type + "' resources have no tags (" + arn + ").");
        };
    }

    private String clusterIn(String arn, String type) {
        return arns.clusterIn(arn, type).orElseThrow(() -> EcsError.invalidParameter("resourceArn must be the "
                + "long-format ARN naming the cluster (" + type + "/CLUSTER/...); got '" + arn + "'."));
    }

    private static EcsError invalidArn(String arn) {
        return EcsError.invalidParameter("resourceArn is not a valid ARN: '" + arn + "'.");
    }

    private Map<String, Object> tag(EcsCall call) {
        Resource resource = resource(call);
        List<Tag> added = call.as(TagResourceRequest.class).tags();
        switch (resource.type()) {
            case CLUSTER -> clusters.tagCluster(resource.cluster(), added);
            case TASK_DEFINITION -> definitions.tagTaskDefinition(resource.arn(), added);
            case SERVICE -> services.tagService(resource.cluster(), resource.arn(), added);
            case TASK -> tasks.tagTask(resource.cluster(), resource.arn(), added);
            case CONTAINER_INSTANCE -> instances.tagContainerInstance(resource.cluster(), resource.arn(), added);
        }
        return Map.of();
    }

    private Map<String, Object> untag(EcsCall call) {
        Resource resource = resource(call);
        if (!call.has("tagKeys")) {
            throw EcsError.invalidParameter("tagKeys can not be null.");
        }
        List<String> keys = call.strings("tagKeys");
        switch (resource.type()) {
            case CLUSTER -> clusters.untagCluster(resource.cluster(), keys);
            case TASK_DEFINITION -> definitions.untagTaskDefinition(resource.arn(), keys);
            case SERVICE -> services.untagService(resource.cluster(), resource.arn(), keys);
            case TASK -> tasks.untagTask(resource.cluster(), resource.arn(), keys);
            case CONTAINER_INSTANCE -> instances.untagContainerInstance(resource.cluster(), resource.arn(), keys);
        }
        return Map.of();
    }

    /**
     * ECS's ListTagsForResource has no ResourceNotFoundException among its errors (TagResource and UntagResource
     * have): a resource that is not there is an InvalidParameterException naming {@code resourceArn}.
     */
    private TagsAnswer list(EcsCall call) {
        try {
            return listTags(resource(call));
        } catch (ApiException e) {
            if ("ResourceNotFoundException".equals(e.code())) {
                throw EcsError.invalidParameter("resourceArn: the specified resource could not be found.");
            }
            throw e;
        }
    }

    private TagsAnswer listTags(Resource resource) {
        return new TagsAnswer(switch (resource.type()) {
            case CLUSTER -> clusters.listTags(resource.cluster());
            case TASK_DEFINITION -> definitions.listTags(resource.arn());
            case SERVICE -> services.listTags(resource.cluster(), resource.arn());
            case TASK -> tasks.listTags(resource.cluster(), resource.arn());
            case CONTAINER_INSTANCE -> instances.listTags(resource.cluster(), resource.arn());
        });
    }
}
