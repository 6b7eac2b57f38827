package dev.gantry.placement;

import static dev.gantry.placement.Hosts.arn;
import static dev.gantry.placement.Hosts.host;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Feasibility (state, attributes, CPU, memory, ports) and the ECS failure reasons with their closest instance. */
class FeasibilityTest {
    private final PlacementEngine engine = new PlacementEngine();

    record Case(String name, ClusterSnapshot cluster, PlacementRequest request, List<String> placedOn,
                List<String> reasons, String closestHost) {
        static Case placed(String name, ClusterSnapshot cluster, PlacementRequest request, String... hosts) {
            return new Case(name, cluster, request, List.of(hosts), List.of(), null);
        }

        static Case failed(String name, ClusterSnapshot cluster, PlacementRequest request, String reason, String closest) {
            return new Case(name, cluster, request, List.of(), List.of(reason), closest);
        }

        PlacementPlan engineResult(PlacementEngine engine) {
            return engine.place(cluster, request);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        PlacementRequest task = Requests.task();
        return Stream.of(
                Case.placed("control: an active connected host with room takes the task", Hosts.cluster(host("a")), task, "a"),
                Case.failed("a draining host is never used", Hosts.cluster(host("a").withStatus("DRAINING")), task, Reasons.AGENT, "a"),
                Case.failed("a disconnected agent gives AGENT", Hosts.cluster(host("a").disconnected()), task, Reasons.AGENT, "a"),
                Case.failed("too little CPU gives RESOURCE:CPU", Hosts.cluster(host("a").withCpu(255)), task, Reasons.CPU, "a"),
                Case.placed("exactly enough CPU and memory fits", Hosts.cluster(host("a").withCpu(256).withMemory(512)), task, "a"),
                Case.failed("too little memory gives RESOURCE:MEMORY", Hosts.cluster(host("a").withMemory(511)), task, Reasons.MEMORY, "a"),
                Case.failed("a used static TCP port gives RESOURCE:PORTS",
                        Hosts.cluster(host("a").withTcpPorts(80)), task.withPorts(Set.of(80), Set.of()), Reasons.PORTS, "a"),
                Case.failed("a reserved port such as 22 gives RESOURCE:PORTS",
                        Hosts.cluster(host("a")), task.withPorts(Set.of(22), Set.of()), Reasons.PORTS, "a"),
                Case.failed("a used static UDP port gives RESOURCE:PORTS",
                        Hosts.cluster(host("a").withUdpPorts(53)), task.withPorts(Set.of(), Set.of(53)), Reasons.PORTS, "a"),
                Case.placed("TCP and UDP ports are separate sets",
                        Hosts.cluster(host("a").withTcpPorts(53)), task.withPorts(Set.of(), Set.of(53)), "a"),
                Case.failed("a missing required attribute gives ATTRIBUTE", Hosts.cluster(host("a")),
                        task.withRequiredAttributes(Set.of("ecs.capability.execute-command")), Reasons.ATTRIBUTE, "a"),
                Case.placed("a present required attribute is enough, whatever its value",
                        Hosts.cluster(host("a").withAttribute("ecs.capability.execute-command", "")),
                        task.withRequiredAttributes(Set.of("ecs.capability.execute-command")), "a"),
                Case.failed("the closest host is the one that got furthest", Hosts.cluster(
                        host("a").disconnected(), host("b").withMemory(100), host("c").withCpu(10)), task, Reasons.MEMORY, "b"),
                Case.placed("an infeasible host is skipped for a feasible one",
                        Hosts.cluster(host("a").withCpu(0), host("b")), task, "b"),
                Case.failed("an empty cluster says so", Hosts.cluster(), task, Reasons.NO_INSTANCES, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void placesOrReportsTheEcsReason(Case c) {
        PlacementPlan plan = c.engineResult(engine);
        assertThat(Requests.placedOn(plan)).containsExactlyElementsOf(c.placedOn());
        assertThat(plan.failures()).extracting(Failure::reason).containsExactlyElementsOf(c.reasons());
        if (!c.reasons().isEmpty()) {
            assertThat(plan.failures().getFirst().closestInstanceArn()).isEqualTo(c.closestHost() == null ? null : arn(c.closestHost()));
        }
    }

    @Test
    void laterTasksOfOneRequestSeeTheResourcesEarlierOnesTook() {
        PlacementPlan plan = engine.place(Hosts.cluster(host("a").withCpu(512)), Requests.task().withCount(3));
        assertThat(plan.assignments()).hasSize(2);
        assertThat(plan.failures()).containsExactly(new Failure(2, Reasons.CPU, arn("a")));
    }

    @Test
    void laterTasksOfOneRequestSeeThePortsEarlierOnesTook() {
        PlacementRequest request = Requests.task().withPorts(Set.of(8080), Set.of()).withCount(2);
        PlacementPlan plan = engine.place(Hosts.cluster(host("a")), request);
        assertThat(Requests.placedOn(plan)).containsExactly("a");
        assertThat(plan.failures()).extracting(Failure::reason).containsExactly(Reasons.PORTS);
    }

    @Test
    void startTaskChecksResourcesButIgnoresConstraints() {
        PlacementRequest request = Requests.task()
                .withConstraints(List.of(PlacementConstraint.MemberOf.of("attribute:color == blue")));
        PlacementPlan plan = engine.checkOn(Hosts.cluster(host("a"), host("b").withMemory(0)), request, List.of("a", arn("b"), "zz"));
        assertThat(Requests.placedOn(plan)).containsExactly("a");
        assertThat(plan.failures()).containsExactly(
                new Failure(1, Reasons.MEMORY, arn("b")), new Failure(2, Reasons.MISSING, "zz"));
    }

    @Test
    void startTaskNamingOneInstanceTwiceSeesTheFirstTask() {
        PlacementPlan plan = engine.checkOn(Hosts.cluster(host("a").withMemory(600)), Requests.task(), List.of("a", "a"));
        assertThat(plan.failures()).containsExactly(new Failure(1, Reasons.MEMORY, arn("a")));
    }
}
