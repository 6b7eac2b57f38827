package dev.gantry.placement;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What a comparison looks at, and which operators ECS's cluster query language guide allows on it. */
record Subject(Kind kind, String attributeName) {

    enum Kind {
        ATTRIBUTE(EnumSet.allOf(Operator.class), false, false),
        TASK_GROUP(EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN,
                Operator.MATCHES, Operator.NOT_MATCHES, Operator.EXISTS, Operator.NOT_EXISTS), true, false),
        INSTANCE_ID(OperatorSets.IDENTITY, false, false),
        AGENT_CONNECTED(OperatorSets.IDENTITY, false, false),
        AGENT_VERSION(OperatorSets.ORDERED, false, true),
        REGISTERED_AT(OperatorSets.ORDERED, false, true),
        RUNNING_TASKS_COUNT(OperatorSets.ORDERED, true, true);

        final Set<Operator> allowed;
        /** True when the value changes as tasks are placed, so it cannot be memoised per snapshot. */
        final boolean dynamic;
        /** True when == and != compare as numbers, versions or dates rather than as strings. */
        final boolean orderedEquality;

        Kind(Set<Operator> allowed, boolean dynamic, boolean orderedEquality) {
            this.allowed = allowed;
            this.dynamic = dynamic;
            this.orderedEquality = orderedEquality;
        }
    }

    private static final class OperatorSets {
        static final Set<Operator> IDENTITY = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS,
                Operator.IN, Operator.NOT_IN, Operator.MATCHES, Operator.NOT_MATCHES);
        static final Set<Operator> ORDERED = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS,
                Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL, Operator.LESS_THAN, Operator.LESS_THAN_EQUAL);
    }

    static final String EXPECTED = "a subject (attribute:NAME, task:group, ec2InstanceId, agentConnected, "
            + "agentVersion, registeredAt or runningTasksCount)";
    private static final String ATTRIBUTE_PREFIX = "attribute:";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,128}");

    /** Returns null when {@code word} names no subject. */
    static Subject parse(String word) {
        if (word.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
            String name = word.substring(ATTRIBUTE_PREFIX.length());
            return ATTRIBUTE_NAME.matcher(name).matches() ? new Subject(Kind.ATTRIBUTE, name) : null;
        }
        Kind kind = switch (word.toLowerCase(Locale.ROOT)) {
            case "task:group" -> Kind.TASK_GROUP;
            case "ec2instanceid" -> Kind.INSTANCE_ID;
            case "agentconnected" -> Kind.AGENT_CONNECTED;
            case "agentversion" -> Kind.AGENT_VERSION;
            case "registeredat" -> Kind.REGISTERED_AT;
            case "runningtaskscount" -> Kind.RUNNING_TASKS_COUNT;
            default -> null;
        };
        return kind == null ? null : new Subject(kind, null);
    }

    /** The subject's values on a host: none when absent, several only for task:group. */
    List<String> values(HostFacts host) {
        return switch (kind) {
            case ATTRIBUTE -> optional(host.attribute(attributeName));
            case TASK_GROUP -> host.taskGroups();
            case INSTANCE_ID -> optional(host.instanceId());
            case AGENT_CONNECTED -> List.of(Boolean.toString(host.agentConnected()));
            case AGENT_VERSION -> optional(host.agentVersion());
            case REGISTERED_AT -> optional(formatInstant(host.registeredAt()));
            case RUNNING_TASKS_COUNT -> List.of(Integer.toString(host.runningTasksCount()));
        };
    }

    private static List<String> optional(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static String formatInstant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
