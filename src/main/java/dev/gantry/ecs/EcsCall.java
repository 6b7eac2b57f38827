package dev.gantry.ecs;

import dev.gantry.cluster.ClusterManagement;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One ECS call's request: the JSON object of its body, read member by member with ECS's refusals. A member of the
 * wrong JSON type is a SerializationException naming it (what the SDKs' own serialisers never send, but curl and
 * hand-written clients do); a value outside its rule is an InvalidParameterException naming it.
 */
final class EcsCall {

    static final String DEFAULT_CLUSTER = ClusterManagement.DEFAULT_CLUSTER;

    private final String action;
    private final ObjectNode body;
    private final EcsJson json;
    private final Validator validator;

    EcsCall(String action, ObjectNode body, EcsJson json, Validator validator) {
        this.action = action;
        this.body = body;
        this.json = json;
        this.validator = validator;
    }

    String action() {
        return action;
    }

    ObjectNode body() {
        return body;
    }

    /** The {@code cluster} member, {@code default} when absent, as every ECS action in a cluster reads it. */
    String cluster() {
        String cluster = string("cluster");
        return cluster == null || cluster.isEmpty() ? DEFAULT_CLUSTER : cluster;
    }

    boolean has(String member) {
        JsonNode node = body.get(member);
        return node != null && !node.isNull();
    }

    /** A string member, or null when absent. */
    String string(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw wrongType(member, "a string");
        }
        return node.asString();
    }

    /** A string member that must be present and not empty. */
    String requiredString(String member) {
        String value = string(member);
        if (value == null || value.isEmpty()) {
            throw EcsError.invalidParameter(member + " can not be blank.");
        }
        return value;
    }

    Integer integer(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(member, "an integer");
        }
        return node.asInt();
    }

    Boolean bool(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return node.asBoolean();
    }

    /** A list of strings, empty when absent. */
    List<String> strings(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(member, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw wrongType(member, "a list of strings");
            }
            values.add(item.asString());
        }
        return values;
    }

    /** A list of strings that must hold between 1 and {@code max} items (ECS's batch limits, §4.5). */
    List<String> requiredStrings(String member, int max) {
        List<String> values = strings(member);
        if (values.isEmpty()) {
            throw EcsError.invalidParameter(member + " can not be empty.");
        }
        return atMost(member, values, max);
    }

    static List<String> atMost(String member, List<String> values, int max) {
        if (values.size() > max) {
            throw EcsError.invalidParameter(member + " can have at most " + max + " items.");
        }
        return values;
    }

    /** A member that must be one of ECS's enum values, or null when absent. */
    String enumValue(String member, Set<String> allowed) {
        String value = string(member);
        if (value != null && !allowed.contains(value)) {
            throw EcsError.invalidParameter(member + " must be one of "
                    + allowed.stream().sorted().collect(Collectors.joining(", ")) + " (got '" + value + "').");
        }
        return value;
    }

    /** The body (or the listed members of it) as a request record, type-checked and validated like REST v1's. */
    <T> T as(Class<T> type) {
        T value = read(body, type, null);
        validate(value);
        return value;
    }

    /** One member as a record or list type, type-checked (not validated: the caller validates the whole). */
    <T> T member(String member, Class<T> type) {
        JsonNode node = body.get(member);
        return node == null || node.isNull() ? null : read(node, type, member);
    }

    private <T> T read(JsonNode node, Class<T> type, String prefix) {
        try {
            return json.mapper().treeToValue(node, type);
        } catch (DatabindException e) {
            String path = path(prefix, e);
            throw EcsError.serialization("Member '" + path + "' is not of the expected type: "
                    + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw EcsError.serialization(firstLine(e.getOriginalMessage()));
        }
    }

    private static String path(String prefix, DatabindException e) {
        StringBuilder path = new StringBuilder(prefix == null ? "" : prefix);
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Bean validation of a request record, refused as ECS does: InvalidParameterException naming the member. */
    <T> void validate(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw EcsError.invalidParameter(first.getPropertyPath() + " " + first.getMessage()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
    }

    /** ECS's maxResults: 1–100, {@code defaultSize} when absent (100 for most lists, 10 for ListServices). */
    int maxResults(int defaultSize) {
        Integer max = integer("maxResults");
        if (max == null) {
            return defaultSize;
        }
        if (max < 1 || max > 100) {
            throw EcsError.invalidParameter("maxResults must be between 1 and 100.");
        }
        return max;
    }

    private static EcsError wrongType(String member, String expected) {
        return EcsError.serialization("Member '" + member + "' must be " + expected + ".");
    }
}
