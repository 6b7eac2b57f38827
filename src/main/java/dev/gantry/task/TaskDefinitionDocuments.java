package dev.gantry.task;

import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered task definition documents by row id. They are immutable once registered, so they are
 * cached for the life of the process.
 */
@Component
public class TaskDefinitionDocuments {

    public record Document(long id, String family, int revision, String arn, JsonNode json) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final Arns arns;
    private final Map<Long, Document> cache = new ConcurrentHashMap<>();

    TaskDefinitionDocuments(JdbcClient jdbc, JsonMapper mapper, GantryProperties properties) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.arns = properties.arns();
    }

    public Document byId(long id) {
        return cache.computeIfAbsent(id, key -> jdbc.sql("SELECT family, revision, document FROM task_definition WHERE id = :id")
                .param("id", key)
                .query((rs, n) -> new Document(key, rs.getString(1), rs.getInt(2),
                        arns.taskDefinition(rs.getString(1), rs.getInt(2)), mapper.readTree(rs.getString(3))))
                .single());
    }

    public LaunchPlan plan(long taskDefinitionId, String overridesJson) {
        TaskOverride overrides = overridesJson == null || overridesJson.isBlank() || overridesJson.equals("{}")
                ? null : mapper.readValue(overridesJson, TaskOverride.class);
        return dev.gantry.task.internal.LaunchPlanReader.read(byId(taskDefinitionId).json(), overrides);
    }
}
