package dev.gantry.task;

import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered task definitions by row id, as their ECS JSON. They are immutable once registered
 * (only their status changes, which launching does not look at), so they are cached.
 */
@Component
public class TaskDefinitionDocuments {

    public record Document(long id, String family, int revision, String arn, JsonNode json) {
    }

    private final TaskDefinitionManagement definitions;
    private final JsonMapper mapper;
    private final Map<Long, Document> cache = new ConcurrentHashMap<>();
    private final Map<Long, LaunchPlan> plainPlans = new ConcurrentHashMap<>();

    TaskDefinitionDocuments(TaskDefinitionManagement definitions, JsonMapper mapper) {
        this.definitions = definitions;
        this.mapper = mapper;
    }

    public Document byId(long id) {
        return cache.computeIfAbsent(id, key -> {
            TaskDefinition td = definitions.findById(key).orElseThrow(() ->
                    new IllegalStateException("task definition row " + key + " is missing"));
            return new Document(key, td.family(), td.revision(), td.taskDefinitionArn(), mapper.valueToTree(td));
        });
    }

    /** Plans without overrides are shared (immutable), so schedulers can ask for them on every pass. */
    public LaunchPlan plan(long taskDefinitionId, String overridesJson) {
        boolean plain = overridesJson == null || overridesJson.isBlank() || overridesJson.equals("{}");
        if (plain) {
            return plainPlans.computeIfAbsent(taskDefinitionId,
                    id -> dev.gantry.task.internal.LaunchPlanReader.read(byId(id).json(), null));
        }
        return dev.gantry.task.internal.LaunchPlanReader.read(byId(taskDefinitionId).json(),
                mapper.readValue(overridesJson, TaskOverride.class));
    }
}
