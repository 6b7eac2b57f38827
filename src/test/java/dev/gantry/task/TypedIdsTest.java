package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The task module's writers and rows take typed ids ({@code shared.TaskId}, {@code InstanceId}, ...), never text or
 * numbers: a task id passed where an instance id is expected must not compile. The check is by name: a method
 * parameter or record component called {@code id}, {@code ids}, or after one of the six kinds of id
 * ({@code taskId}, {@code instanceIds}, {@code containerInstanceId}, {@code clusterId}, {@code serviceId},
 * {@code deploymentId}, {@code taskDefinitionId}, singular or plural) may not be a String, a long, or a collection of
 * them. Other ids (a container's {@code containerId}, Docker's {@code runtimeId}) are not one of the kinds and are
 * text by nature. Parameter names are in the class files because the build compiles with {@code -parameters}.
 */
class TypedIdsTest {

    private static final Pattern ID_NAME = Pattern.compile(
            "ids?|(task|instance|containerInstance|cluster|service|deployment|taskDefinition)Ids?");

    /** The repository, the committer and the transitions: every writer of task rows. */
    private static final List<Class<?>> WRITERS = List.of(TaskRepository.class, TaskCommitter.class, TaskTransitions.class);

    /** The rows and the facts the task module hands to others. */
    private static final List<Class<?>> RECORDS = List.of(Task.class, TaskContainer.class, TaskRepository.NewTask.class,
            TaskRepository.Launched.class, TaskRepository.ListFilter.class, TaskTransitions.TaskStopped.class,
            TaskTransitions.TaskStarted.class, TaskTransitions.HostStop.class, TaskEvents.TasksPlaced.class);

    @Test
    void theTaskModulesWritersTakeNoIdAsTextOrNumber() {
        List<String> untyped = new ArrayList<>();
        WRITERS.forEach(c -> untyped.addAll(untypedParameters(c)));
        assertThat(untyped).isEmpty();
    }

    @Test
    void theTaskModulesRowsAndEventsCarryTypedIds() {
        List<String> untyped = new ArrayList<>();
        RECORDS.forEach(c -> untyped.addAll(untypedComponents(c)));
        assertThat(untyped).isEmpty();
    }

    @Test
    void theCheckSeesParameterNamesAndFindsAnUntypedId() {
        assertThat(untypedParameters(Untyped.class)).containsExactlyInAnyOrder(
                "Untyped.requestStop(String id)", "Untyped.find(long clusterId)", "Untyped.findAll(Collection ids)",
                "Untyped.onHost(Set instanceIds)");
        assertThat(untypedComponents(Untyped.Row.class)).containsExactlyInAnyOrder(
                "Row.taskId String", "Row.serviceId Long");
    }

    static List<String> untypedParameters(Class<?> type) {
        List<String> found = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Arrays.stream(m.getParameters()).forEach(p -> {
                assertThat(p.isNamePresent()).as("parameter names compiled into %s", type).isTrue();
                if (ID_NAME.matcher(p.getName()).matches() && untyped(p.getParameterizedType())) {
                    found.add(type.getSimpleName() + "." + m.getName() + "(" + p.getType().getSimpleName() + " "
                            + p.getName() + ")");
                }
            });
        }
        return found;
    }

    static List<String> untypedComponents(Class<?> type) {
        List<String> found = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (ID_NAME.matcher(c.getName()).matches() && untyped(c.getGenericType())) {
                found.add(type.getSimpleName() + "." + c.getName() + " " + c.getType().getSimpleName());
            }
        }
        return found;
    }

    /** Text or a number, or a collection (or a map keyed by them) of either. */
    private static boolean untyped(Type type) {
        if (type instanceof ParameterizedType p) {
            return untyped(p.getActualTypeArguments()[0]);
        }
        return type == String.class || type == long.class || type == Long.class || type == int.class
                || type == Integer.class;
    }

    /** What the check must refuse: the signatures before the ids were typed. */
    @SuppressWarnings("unused")
    public static final class Untyped {
        public record Row(String taskId, Long serviceId, String containerId, dev.gantry.shared.InstanceId instanceId) {
        }

        public boolean requestStop(String id, String reason) {
            return false;
        }

        public void find(long clusterId, dev.gantry.shared.TaskId id) {
        }

        public void findAll(java.util.Collection<String> ids) {
        }

        public void onHost(java.util.Set<Long> instanceIds, String runtimeId) {
        }
    }
}
