package dev.gantry.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.TaskDemand.Container;
import dev.gantry.placement.TaskDemand.PortMapping;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How a task's reservation is derived from its definition, the ECS way. */
class TaskDemandTest {

    record Case(String name, Integer taskCpu, Integer taskMemory, String networkMode, List<Container> containers, TaskDemand expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Container small = new Container(128, 256, null, List.of());
        Container reserved = new Container(64, 1024, 300, List.of());
        Container web = new Container(0, 100, null, List.of(
                new PortMapping(80, 8080, "tcp"), new PortMapping(81, 0, "tcp"), new PortMapping(82, null, "tcp"),
                new PortMapping(53, 5353, "udp")));
        return Stream.of(
                new Case("task-level values win over containers", 1024, 2048, "bridge", List.of(small, reserved),
                        new TaskDemand(1024, 2048, Set.of(), Set.of())),
                new Case("without task-level values containers are summed", null, null, "bridge", List.of(small, small),
                        new TaskDemand(256, 512, Set.of(), Set.of())),
                new Case("memoryReservation counts before memory", null, null, "bridge", List.of(small, reserved),
                        new TaskDemand(192, 556, Set.of(), Set.of())),
                new Case("host port 0 or none is dynamic and needs no static port", null, null, "bridge", List.of(web),
                        new TaskDemand(0, 100, Set.of(8080), Set.of(5353))),
                new Case("host network mode reserves the container port", null, null, "host", List.of(web),
                        new TaskDemand(0, 100, Set.of(80, 81, 82), Set.of(53))),
                new Case("awsvpc mode uses no host ports", null, null, "awsvpc", List.of(web),
                        new TaskDemand(0, 100, Set.of(), Set.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivesTheReservationTheEcsWay(Case c) {
        assertThat(TaskDemand.of(c.taskCpu(), c.taskMemory(), c.networkMode(), c.containers())).isEqualTo(c.expected());
    }
}
