package dev.gantry.placement;

import static dev.gantry.placement.Hosts.host;
import static dev.gantry.placement.Hosts.serviceTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.PlacementStrategy.BinPack;
import dev.gantry.placement.PlacementStrategy.Resource;
import dev.gantry.placement.PlacementStrategy.Spread;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sorted-host walk used for [L] and [spread(attribute), L] chains (L = binpack or spread instanceId), and its edge cases. */
class OrderedWalkTest {
    private static final List<PlacementStrategy> ZONE_THEN_MEMORY = List.of(
            new Spread("attribute:ecs.availability-zone"), new BinPack(Resource.MEMORY));

    record Case(String name, ClusterSnapshot cluster, PlacementRequest request, List<String> placedOn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        PlacementRequest memory = Requests.serviceTask("api").withStrategies(List.of(new BinPack(Resource.MEMORY)));
        return Stream.of(
                new Case("hosts too small for the task are never visited, the least that fits wins",
                        Hosts.cluster(host("a").withMemory(100), host("b").withMemory(700), host("c").withMemory(8000)),
                        memory, List.of("b")),
                new Case("a host failing another check is walked past",
                        Hosts.cluster(host("a").withMemory(600).withTcpPorts(80), host("b").withMemory(700), host("c")),
                        memory.withPorts(Set.of(80), Set.of()), List.of("b")),
                new Case("ineligible hosts are walked past",
                        Hosts.cluster(host("a").withMemory(600).disconnected(), host("b").withMemory(700).withStatus("DRAINING"), host("c")),
                        memory, List.of("c")),
                new Case("a host that took a task earlier in the run keeps being packed",
                        Hosts.cluster(host("a").withMemory(2048), host("b").withMemory(4096)),
                        memory.withCount(5), List.of("a", "a", "a", "a", "b")),
                new Case("the emptiest zone without room gives way to the next zone",
                        Hosts.cluster(host("a1").inZone("a").withMemory(100),
                                host("b1").inZone("b").withTasks(serviceTask("s1", "api"))),
                        Requests.serviceTask("api").withStrategies(ZONE_THEN_MEMORY), List.of("b1")),
                new Case("zones with equal counts are compared by binpack",
                        Hosts.cluster(host("a1").inZone("a").withMemory(4000), host("b1").inZone("b").withMemory(1000)),
                        Requests.serviceTask("api").withStrategies(ZONE_THEN_MEMORY), List.of("b1")),
                new Case("placing in a zone makes the other zone next, and a full host drops out",
                        Hosts.cluster(host("a1").inZone("a").withMemory(4000), host("b1").inZone("b").withMemory(1000)),
                        Requests.serviceTask("api").withCount(3).withStrategies(ZONE_THEN_MEMORY), List.of("b1", "a1", "a1")),
                new Case("the service default walks zones, then instances by their task count",
                        Hosts.cluster(host("a1").inZone("a").withTasks(serviceTask("s1", "api")), host("a2").inZone("a"),
                                host("b1").inZone("b").withTasks(serviceTask("s2", "api"), serviceTask("s3", "api"))),
                        Requests.serviceTask("api"), List.of("a2")),
                new Case("spread instanceId alone fills the emptiest host first",
                        Hosts.cluster(host("a").withTasks(serviceTask("s1", "api"), serviceTask("s2", "api")),
                                host("b").withTasks(serviceTask("s3", "api")), host("c").withMemory(100)),
                        Requests.serviceTask("api").withCount(2).withStrategies(List.of(new Spread("instanceId"))), List.of("b", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void walksToTheSameChoiceAsTheFullScan(Case c) {
        assertThat(Requests.placedOn(new PlacementEngine().place(c.cluster(), c.request()))).containsExactlyElementsOf(c.placedOn());
        assertThat(Requests.placedOn(new PlacementEngine(false).place(c.cluster(), c.request()))).containsExactlyElementsOf(c.placedOn());
    }
}
