package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.reconcile.internal.Observations;
import dev.gantry.task.TaskContainer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    static ContainerObservation observed(String state, Integer exit, boolean oom, String health) {
        return new ContainerObservation("id1", "n", "img", "sha", Map.of(), state, exit, oom, null, health,
                Instant.EPOCH, Instant.EPOCH, List.of(new ContainerObservation.Binding(80, 32768, "", "tcp")));
    }

    static TaskContainer container(String name, boolean essential, HealthStatus health) {
        return new TaskContainer(new TaskId("t"), name, "c", "img", null, "id1", essential, ContainerStatus.RUNNING, null, null, health,
                List.of(), 0, null, null);
    }

    static Stream<Arguments> dockerStates() {
        return Stream.of(
                Arguments.of("running", null, false, "healthy", ContainerStatus.RUNNING, null, HealthStatus.HEALTHY, null),
                Arguments.of("running", null, false, "starting", ContainerStatus.RUNNING, null, HealthStatus.UNKNOWN, null),
                Arguments.of("running", null, false, null, ContainerStatus.RUNNING, null, HealthStatus.UNKNOWN, null),
                Arguments.of("created", null, false, null, ContainerStatus.PENDING, null, HealthStatus.UNKNOWN, null),
                Arguments.of("exited", 3, false, "unhealthy", ContainerStatus.STOPPED, 3, HealthStatus.UNHEALTHY, null),
                Arguments.of("exited", 137, true, null, ContainerStatus.STOPPED, 137, HealthStatus.UNKNOWN, Observations.OOM_REASON),
                Arguments.of("dead", 1, false, null, ContainerStatus.STOPPED, 1, HealthStatus.UNKNOWN, null));
    }

    @ParameterizedTest(name = "docker {0} exit={1} oom={2} health={3} -> {4}")
    @MethodSource("dockerStates")
    void dockerStatesMapToEcsContainerStates(String state, Integer exit, boolean oom, String health,
            ContainerStatus lastStatus, Integer exitCode, HealthStatus ecsHealth, String reason) {
        Observations.ContainerState s = Observations.of(observed(state, exit, oom, health));
        assertThat(s.lastStatus()).isEqualTo(lastStatus);
        assertThat(s.exitCode()).isEqualTo(exitCode);
        assertThat(s.health()).isEqualTo(ecsHealth);
        assertThat(s.reason()).isEqualTo(reason);
    }

    @Test
    void bindingsWithoutAHostAddressBindAllAddresses() {
        assertThat(Observations.of(observed("running", null, false, null)).bindings())
                .containsExactly(new TaskContainer.NetworkBinding("0.0.0.0", 80, 32768, "tcp"));
    }

    @Test
    void taskHealthComesFromEssentialContainersOnly() {
        List<TaskContainer> containers = List.of(container("app", true, HealthStatus.UNKNOWN), container("sidecar", false, HealthStatus.UNKNOWN));
        assertThat(Observations.taskHealth(containers, Map.of("app", HealthStatus.HEALTHY, "sidecar", HealthStatus.UNHEALTHY))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(Observations.taskHealth(containers, Map.of("app", HealthStatus.UNHEALTHY))).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(Observations.taskHealth(containers, Map.of("app", HealthStatus.UNKNOWN))).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void anEssentialContainerThatExitedOrVanishedIsReported() {
        List<TaskContainer> containers = List.of(container("app", true, HealthStatus.UNKNOWN), container("side", false, HealthStatus.UNKNOWN));
        Observations.ContainerState running = Observations.of(observed("running", null, false, null));
        Observations.ContainerState exited = Observations.of(observed("exited", 0, false, null));
        assertThat(Observations.exitedEssential(containers, Map.of("app", running, "side", exited))).isEmpty();
        assertThat(Observations.exitedEssential(containers, Map.of("app", exited))).contains("app");
        assertThat(Observations.exitedEssential(containers, Map.of("side", running))).contains("app");
    }

    @Test
    void anUnchangedContainerNeedsNoWrite() {
        TaskContainer stored = new TaskContainer(new TaskId("t"), "app", "c", "img", "sha", "id1", true, ContainerStatus.RUNNING, null, null, HealthStatus.UNKNOWN,
                List.of(new TaskContainer.NetworkBinding("0.0.0.0", 80, 32768, "tcp")), 0, null, null);
        assertThat(Observations.changed(stored, Observations.of(observed("running", null, false, null)))).isFalse();
        assertThat(Observations.changed(stored, Observations.of(observed("running", null, false, "healthy")))).isTrue();
        assertThat(Observations.changed(stored, Observations.of(observed("exited", 0, false, null)))).isTrue();
        assertThat(Observations.changed(null, Observations.of(observed("running", null, false, null)))).isTrue();
        // a launch records RUNNING without inspecting; the first listing still brings the image digest
        TaskContainer launched = new TaskContainer(new TaskId("t"), "app", "c", "img", null, "id1", true, ContainerStatus.RUNNING, null, null, HealthStatus.UNKNOWN,
                List.of(new TaskContainer.NetworkBinding("0.0.0.0", 80, 32768, "tcp")), 0, null, null);
        assertThat(Observations.changed(launched, Observations.of(observed("running", null, false, null)))).isTrue();
    }
}
