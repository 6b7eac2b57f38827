package dev.gantry.ecs;

import dev.gantry.api.Page;
import dev.gantry.cluster.Tag;
import dev.gantry.taskdef.EchoedMembers;
import dev.gantry.taskdef.RegisterTaskDefinitionRequest;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import dev.gantry.taskdef.TaskDefinitionManagement.DeleteResult;
import dev.gantry.taskdef.TaskDefinitionManagement.FamilyStatus;
import dev.gantry.taskdef.TaskDefinitionManagement.SortOrder;
import dev.gantry.taskdef.TaskDefinitionManagement.TaskDefinitionAndTags;
import dev.gantry.taskdef.TaskDefinitionStatus;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies,
 * DeregisterTaskDefinition and DeleteTaskDefinitions over {@link TaskDefinitionManagement}. Task definitions belong
 * to no cluster: the operations are global, authorised by the caller's role as REST's task definition routes are.
 *
 * <p>The definition a client registers is kept as sent and every answer's {@code taskDefinition} is Gantry's typed
 * definition laid over it ({@link EchoedMembers}): members Gantry does not model come back as they were sent.
 */
@Component
class TaskDefinitionOperations implements EcsOperations {

    static final Set<String> INCLUDE = Set.of("TAGS");
    static final Set<String> LIST_STATUS = Set.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS");
    static final Set<String> FAMILY_STATUS = Set.of("ACTIVE", "INACTIVE", "ALL");
    static final Set<String> SORT = Set.of("ASC", "DESC");

    private final TaskDefinitionManagement taskDefinitions;
    private final EcsJson json;

    TaskDefinitionOperations(TaskDefinitionManagement taskDefinitions, EcsJson json) {
        this.taskDefinitions = taskDefinitions;
        this.json = json;
    }

    /** RegisterTaskDefinition's and DescribeTaskDefinition's answer: the definition, and its tags next to it. */
    record DefinitionAnswer(ObjectNode taskDefinition, List<Tag> tags) {
    }

    record DeregisterAnswer(ObjectNode taskDefinition) {
    }

    record DeleteAnswer(List<ObjectNode> taskDefinitions, List<EcsFailure> failures) {
    }

    record TaskDefinitionArns(List<String> taskDefinitionArns, String nextToken) {
    }

    record Families(List<String> families, String nextToken) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                EcsOperation.global("RegisterTaskDefinition", call -> call.string("family"), this::register),
                EcsOperation.global("DescribeTaskDefinition", call -> call.string("taskDefinition"), this::describe),
                EcsOperation.global("ListTaskDefinitions", call -> null, this::list),
                EcsOperation.global("ListTaskDefinitionFamilies", call -> null, this::families),
                EcsOperation.global("DeregisterTaskDefinition", call -> call.string("taskDefinition"),
                        this::deregister),
                EcsOperation.global("DeleteTaskDefinitions", call -> null, this::delete));
    }

    private DefinitionAnswer register(EcsCall call) {
        RegisterTaskDefinitionRequest request = call.as(RegisterTaskDefinitionRequest.class);
        TaskDefinitionAndTags registered = taskDefinitions.registerTaskDefinition(request, call.body());
        return new DefinitionAnswer(shape(registered), registered.tags());
    }

    private DefinitionAnswer describe(EcsCall call) {
        String reference = call.requiredString("taskDefinition");
        List<String> include = call.strings("include");
        for (String value : include) {
            if (!INCLUDE.contains(value)) {
                throw EcsError.invalidParameter("include must hold only TAGS (got '" + value + "').");
            }
        }
        TaskDefinitionAndTags described = taskDefinitions.describeTaskDefinition(reference);
        return new DefinitionAnswer(shape(described), include.contains("TAGS") ? described.tags() : null);
    }

    private TaskDefinitionArns list(EcsCall call) {
        String status = call.enumValue("status", LIST_STATUS);
        String sort = call.enumValue("sort", SORT);
        Page<TaskDefinition> page = taskDefinitions.listTaskDefinitions(call.string("familyPrefix"),
                status == null ? null : TaskDefinitionStatus.valueOf(status),
                sort == null ? null : SortOrder.valueOf(sort), call.maxResults(100), call.string("nextToken"));
        return new TaskDefinitionArns(page.items().stream().map(TaskDefinition::taskDefinitionArn).toList(),
                page.nextToken());
    }

    private Families families(EcsCall call) {
        String status = call.enumValue("status", FAMILY_STATUS);
        Page<String> page = taskDefinitions.listTaskDefinitionFamilies(call.string("familyPrefix"),
                status == null ? null : FamilyStatus.valueOf(status), call.maxResults(100), call.string("nextToken"));
        return new Families(page.items(), page.nextToken());
    }

    private DeregisterAnswer deregister(EcsCall call) {
        return new DeregisterAnswer(shape(taskDefinitions.deregister(call.requiredString("taskDefinition"))));
    }

    private DeleteAnswer delete(EcsCall call) {
        List<String> references = call.requiredStrings("taskDefinitions", TaskDefinitionManagement.MAX_DELETE_BATCH);
        DeleteResult result = taskDefinitions.deleteTaskDefinitions(references);
        return new DeleteAnswer(result.taskDefinitions().stream().map(this::shape).toList(),
                result.failures().stream().map(f -> new EcsFailure(f.arn(), f.reason(), f.detail())).toList());
    }

    /** ECS's TaskDefinition: Gantry's typed definition, over the members the client sent that Gantry does not model. */
    private ObjectNode shape(TaskDefinitionAndTags definition) {
        ObjectNode computed = json.mapper().valueToTree(definition.taskDefinition());
        return EchoedMembers.merge(computed, definition.echoed());
    }
}
