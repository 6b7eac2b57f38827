package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.task.TaskLifecycle;
import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The one conversion of stored text to closed sets: every value round-trips, an unknown one fails naming it. */
class StoredValuesTest {

    static Stream<Class<? extends Enum<?>>> closedSets() {
        return Stream.of(TaskLifecycle.LastStatus.class, TaskLifecycle.DesiredStatus.class, StopCode.class,
                StopCause.class, HealthStatus.class, ContainerStatus.class);
    }

    @ParameterizedTest
    @MethodSource("closedSets")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyConstantRoundTripsThroughItsStoredName(Class type) {
        for (Object constant : type.getEnumConstants()) {
            assertThat(StoredValues.parse(type, ((Enum<?>) constant).name(), "column")).isSameAs(constant);
        }
    }

    static Stream<Arguments> unknownValues() {
        return Stream.of(
                Arguments.of(StopCode.class, "userinitiated", "task.stop_code"),
                Arguments.of(StopCause.class, "Task failed container health checks", "task.stop_cause"),
                Arguments.of(HealthStatus.class, "healthy", "task.health_status"),
                Arguments.of(ContainerStatus.class, "RUNNING ", "task_container.last_status"),
                Arguments.of(TaskLifecycle.LastStatus.class, "", "task.last_status"));
    }

    @ParameterizedTest
    @MethodSource("unknownValues")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anUnknownValueIsAnErrorNamingWhereWhatAndTheKnownValues(Class type, String value, String where) {
        assertThatThrownBy(() -> StoredValues.parse(type, value, where))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown " + where + " '" + value + "': expected one of ")
                .hasMessageContaining(Arrays.stream(type.getEnumConstants()).map(Object::toString).toList().toString());
    }

    @Test
    void nullStaysNullAndAnotherSpellingCanBeNamed() {
        assertThat(StoredValues.parse(StopCode.class, null, "task.stop_code")).isNull();
        assertThat(StoredValues.parse(HealthStatus.class, "unhealthy", "health", h -> h.name().toLowerCase(Locale.ROOT)))
                .isEqualTo(HealthStatus.UNHEALTHY);
        assertThatThrownBy(() -> StoredValues.parse(HealthStatus.class, "starting", "health",
                h -> h.name().toLowerCase(Locale.ROOT))).hasMessage(
                        "Unknown health 'starting': expected one of [healthy, unhealthy, unknown]");
    }

    @Test
    void theCausesTheBreakerCountsAreExactlyTheFailures() {
        assertThat(Arrays.stream(StopCause.values()).filter(StopCause::deploymentFailure))
                .containsExactlyInAnyOrder(StopCause.FAILED_TO_START, StopCause.ESSENTIAL_CONTAINER_EXITED,
                        StopCause.FAILED_HEALTH_CHECKS);
        assertThat(StopCause.FAILED_HEALTH_CHECKS.code()).isEqualTo(StopCode.ServiceSchedulerInitiated);
    }
}
