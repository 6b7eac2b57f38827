package dev.gantry.task;

import dev.gantry.shared.TaskDefinitionId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import org.springframework.beans.factory.annotation.Value;
import dev.gantry.task.internal.LaunchPlanReader;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered task definitions by row id, as the typed model the taskdef module reads them into (once: the stored
 * document is deserialised by its owner, never walked by string paths here). They are immutable once registered
 * (only their status changes, which launching does not look at), so they are cached: at most
 * {@code gantry.caches.task-definitions} of them (least recently used go first; a document is up to 64 KiB,
 * so the default bounds the cache at tens of MiB however many revisions are registered).
 */
@Component
public class TaskDefinitionDocuments {

    private final TaskDefinitionManagement definitions;
    private final JsonMapper mapper;
    private final Cache<Long, TaskDefinition> cache;
    private final Cache<Long, LaunchPlan> plainPlans;

    TaskDefinitionDocuments(TaskDefinitionManagement definitions, JsonMapper mapper,
            @Value("${gantry.caches.task-definitions:1000}") long maximumSize) {
        this.definitions = definitions;
        this.mapper = mapper;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.plainPlans = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    public TaskDefinition byId(TaskDefinitionId id) {
        return cache.get(id.value(), key -> definitions.findById(key).orElseThrow(() ->
                new IllegalStateException("task definition row " + key + " is missing")));
    }

    /** Plans without overrides are shared (immutable), so schedulers can ask for them on every pass. */
    public LaunchPlan plan(TaskDefinitionId taskDefinitionId, String overridesJson) {
        boolean plain = overridesJson == null || overridesJson.isBlank() || overridesJson.equals("{}");
        if (plain) {
            return plainPlans.get(taskDefinitionId.value(),
                    id -> LaunchPlanReader.read(byId(taskDefinitionId), null));
        }
        return LaunchPlanReader.read(byId(taskDefinitionId),
                mapper.readValue(overridesJson, TaskOverride.class));
    }
}
