package dev.gantry.task;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered task definitions by row id, as their ECS JSON. They are immutable once registered
 * (only their status changes, which launching does not look at), so they are cached: at most
 * {@code gantry.caches.task-definitions} of them (least recently used go first; a document is up to 64 KiB,
 * so the default bounds the cache at tens of MiB however many revisions are registered).
 */
@Component
public class TaskDefinitionDocuments {

    public record Document(long id, String family, int revision, String arn, JsonNode json) {
    }

    private final TaskDefinitionManagement definitions;
    private final JsonMapper mapper;
    private final Cache<Long, Document> cache;
    private final Cache<Long, LaunchPlan> plainPlans;

    TaskDefinitionDocuments(TaskDefinitionManagement definitions, JsonMapper mapper,
            @Value("${gantry.caches.task-definitions:1000}") long maximumSize) {
        this.definitions = definitions;
        this.mapper = mapper;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.plainPlans = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    public Document byId(long id) {
        return cache.get(id, key -> {
            TaskDefinition td = definitions.findById(key).orElseThrow(() ->
                    new IllegalStateException("task definition row " + key + " is missing"));
            return new Document(key, td.family(), td.revision(), td.taskDefinitionArn(), mapper.valueToTree(td));
        });
    }

    /** Plans without overrides are shared (immutable), so schedulers can ask for them on every pass. */
    public LaunchPlan plan(long taskDefinitionId, String overridesJson) {
        boolean plain = overridesJson == null || overridesJson.isBlank() || overridesJson.equals("{}");
        if (plain) {
            return plainPlans.get(taskDefinitionId,
                    id -> dev.gantry.task.internal.LaunchPlanReader.read(byId(id).json(), null));
        }
        return dev.gantry.task.internal.LaunchPlanReader.read(byId(taskDefinitionId).json(),
                mapper.readValue(overridesJson, TaskOverride.class));
    }
}
