package dev.gantry.taskdef;

import dev.gantry.cluster.Tag;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The jsonb {@code document} column: everything of a revision that has no column of its own, already
 * normalised. Members may be null in rows written by hand (tests, repairs); readers treat null lists as empty.
 * {@code echoed} is the definition as the client sent it through the ECS API ({@link EchoedMembers}), null for
 * revisions registered through REST v1 or before it was kept.
 */
record StoredDocument(
        List<ContainerDefinition> containerDefinitions,
        String taskRoleArn,
        String executionRoleArn,
        List<Volume> volumes,
        List<TaskDefinition.Attribute> requiresAttributes,
        List<PlacementConstraint> placementConstraints,
        List<Compatibility> requiresCompatibilities,
        RegisterTaskDefinitionRequest.PidMode pidMode,
        RegisterTaskDefinitionRequest.IpcMode ipcMode,
        List<Tag> tags,
        JsonNode echoed) {
}
