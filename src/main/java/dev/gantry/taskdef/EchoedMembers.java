package dev.gantry.taskdef;

import dev.gantry.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The round trip of a task definition registered as JSON (issue #13 item 3): the members a client sent are kept as
 * sent and shown again by describe, merged under what Gantry computed (its normalised and derived members win), so a
 * member Gantry does not act on (a proxyConfiguration, a container's systemControls, a port's containerPortRange...)
 * is stored and echoed rather than dropped, and a describe output registers again unchanged.
 *
 * <p>Three kinds of member are not simply echoed:
 * <ul>
 * <li>{@link #READ_ONLY}: what describe adds (taskDefinitionArn, revision, status, ...). A describe output fed back
 *     in carries them; they are accepted and ignored, as the new revision gets its own.
 * <li>{@link #REFUSED}: members whose absence would change what the container does (its secrets, its environment
 *     files, its registry credentials, GPUs, devices): echoing them while the container runs without them would be a
 *     silent lie, so a non-empty one is refused naming it (an empty list or object is harmless and accepted).
 * <li>{@code tags}: stored as the revision's tags, returned next to the definition, not inside it.
 * </ul>
 */
public final class EchoedMembers {

    /** The members of ECS's TaskDefinition shape that describe computes and RegisterTaskDefinition does not take. */
    public static final Set<String> READ_ONLY = Set.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt");

    /** Members Gantry cannot honour, per level (task, container, nested), with the reason given when refusing one. */
    static final Map<String, String> REFUSED = Map.of(
            "inferenceAccelerators", "Elastic Inference accelerators do not exist on Docker hosts",
            "containerDefinitions[].secrets", "Gantry does not fetch SSM or Secrets Manager values; "
                    + "pass them as environment",
            "containerDefinitions[].environmentFiles", "Gantry does not fetch environment files from S3",
            "containerDefinitions[].repositoryCredentials", "private registry credentials from Secrets Manager "
                    + "are not fetched; give the Docker host the registry's login",
            "containerDefinitions[].resourceRequirements", "GPUs and accelerators are not placed by Gantry",
            "containerDefinitions[].credentialSpecs", "credential specs are for Windows containers",
            "containerDefinitions[].linuxParameters.devices", "host devices are not mapped by Gantry",
            "containerDefinitions[].logConfiguration.secretOptions", "log driver secrets from SSM or Secrets Manager "
                    + "are not fetched");

    private EchoedMembers() {
    }

    /**
     * The part of a sent definition to keep: a copy without the read-only members, the tags and explicit nulls.
     * Throws InvalidParameterException naming the first member Gantry cannot honour.
     */
    public static ObjectNode keptOf(ObjectNode sent) {
        List<ApiException.FieldProblem> refused = refusedIn(sent);
        if (!refused.isEmpty()) {
            ApiException.FieldProblem first = refused.getFirst();
            throw ApiException.invalidParameter(first.field(), first.field() + " is not supported on Gantry: "
                    + first.message() + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : ""));
        }
        ObjectNode kept = withoutNulls(sent);
        kept.remove(READ_ONLY);
        kept.remove("tags");
        return kept;
    }

    /** Every refused member that is present and not empty, with its JSON path. */
    static List<ApiException.FieldProblem> refusedIn(ObjectNode sent) {
        List<ApiException.FieldProblem> found = new ArrayList<>();
        for (Map.Entry<String, String> refused : REFUSED.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            collect(sent, "", refused.getKey().split("\\."), 0, refused.getValue(), found);
        }
        return found;
    }

    private static void collect(JsonNode node, String path, String[] steps, int at, String reason,
            List<ApiException.FieldProblem> found) {
        if (node == null || !node.isObject()) {
            return;
        }
        String step = steps[at];
        boolean list = step.endsWith("[]");
        String name = list ? step.substring(0, step.length() - 2) : step;
        JsonNode child = node.get(name);
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (child == null || child.isNull()) {
            return;
        }
        if (at == steps.length - 1) {
            if (!((child.isArray() || child.isObject()) && child.isEmpty())) {
                found.add(new ApiException.FieldProblem(childPath, reason));
            }
            return;
        }
        if (list) {
            if (child.isArray()) {
                for (int i = 0; i < child.size(); i++) {
                    collect(child.get(i), childPath + "[" + i + "]", steps, at + 1, reason, found);
                }
            }
        } else {
            collect(child, childPath, steps, at + 1, reason, found);
        }
    }

    /**
     * The described shape: {@code kept} (what the client sent) with {@code computed} laid over it. Objects merge
     * member by member; lists of the same length merge item by item (a container, a port mapping keeps the members
     * Gantry does not model); anything else is Gantry's value wherever Gantry has one.
     */
    public static ObjectNode merge(ObjectNode computed, JsonNode kept) {
        if (kept == null || !kept.isObject()) {
            return computed;
        }
        return (ObjectNode) mergeNode(computed, kept);
    }

    private static JsonNode mergeNode(JsonNode computed, JsonNode kept) {
        if (computed.isObject() && kept.isObject()) {
            ObjectNode merged = ((ObjectNode) kept).deepCopy();
            for (Map.Entry<String, JsonNode> member : computed.properties()) {
                JsonNode under = merged.get(member.getKey());
                merged.set(member.getKey(), under == null ? member.getValue() : mergeNode(member.getValue(), under));
            }
            return merged;
        }
        if (computed.isArray() && kept.isArray() && computed.size() == kept.size()) {
            ArrayNode merged = ((ArrayNode) computed).deepCopy();
            for (int i = 0; i < computed.size(); i++) {
                merged.set(i, mergeNode(computed.get(i), kept.get(i)));
            }
            return merged;
        }
        return computed;
    }

    private static ObjectNode withoutNulls(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                if (member.getValue().isNull()) {
                    nulls.add(member.getKey());
                } else {
                    strip(member.getValue());
                }
            }
            object.remove(nulls);
        } else if (node instanceof ArrayNode array) {
            array.forEach(EchoedMembers::strip);
        }
    }
}
