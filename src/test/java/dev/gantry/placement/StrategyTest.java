package dev.gantry.placement;

import static dev.gantry.placement.Hosts.groupTask;
import static dev.gantry.placement.Hosts.host;
import static dev.gantry.placement.Hosts.serviceTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.PlacementStrategy.BinPack;
import dev.gantry.placement.PlacementStrategy.Random;
import dev.gantry.placement.PlacementStrategy.Resource;
import dev.gantry.placement.PlacementStrategy.Spread;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Strategies (binpack, spread, random), chains of up to five that break ties in order, and ECS's defaults. */
class StrategyTest {
    private static final Spread AZ = new Spread("attribute:ecs.availability-zone");
    private final PlacementEngine engine = new PlacementEngine();

    record Case(String name, ClusterSnapshot cluster, PlacementRequest request, List<String> placedOn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        ClusterSnapshot sizes = Hosts.cluster(host("big").withMemory(8192).withCpu(512),
                host("small").withMemory(1024).withCpu(4096), host("tiny").withMemory(256));
        ClusterSnapshot zones = Hosts.cluster(
                host("a1").inZone("a").withMemory(6144).withTasks(serviceTask("s1", "api"), serviceTask("s2", "api")),
                host("a2").inZone("a"),
                host("b1").inZone("b").withTasks(serviceTask("s3", "api"), groupTask("g1", "family:web"), groupTask("g2", "family:web")),
                host("b2").inZone("b").withMemory(2048));
        return Stream.of(
                new Case("binpack memory takes the least remaining memory that still fits", sizes,
                        Requests.task().withStrategies(List.of(new BinPack(Resource.MEMORY))), List.of("small")),
                new Case("binpack cpu takes the least remaining CPU that still fits", sizes,
                        Requests.task().withStrategies(List.of(new BinPack(Resource.CPU))), List.of("big")),
                new Case("binpack keeps filling the same host", sizes,
                        Requests.task().withCount(3).withStrategies(List.of(new BinPack(Resource.MEMORY))), List.of("small", "small", "big")),
                new Case("spread instanceId puts each task on the host with fewest of the group",
                        Hosts.cluster(host("a").withTasks(groupTask("t", "family:web")), host("b"), host("c")),
                        Requests.task().withCount(2).withStrategies(List.of(new Spread("instanceId"))), List.of("b", "c")),
                new Case("spread over an attribute prefers the zone with fewest service tasks, then the instance", zones,
                        Requests.serviceTask("api").withStrategies(List.of(AZ, new Spread("instanceId"))), List.of("b2")),
                new Case("spread counts the group for standalone tasks", zones,
                        Requests.task().withStrategies(List.of(AZ, new BinPack(Resource.MEMORY))), List.of("a1")),
                new Case("chain: spread zones, then binpack memory inside the chosen zone", zones,
                        Requests.serviceTask("api").withCount(2).withStrategies(List.of(AZ, new BinPack(Resource.MEMORY))), List.of("b2", "b2")),
                new Case("service default spreads over zones then instances", zones,
                        Requests.serviceTask("api").withCount(2), List.of("b2", "a2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void strategiesOrderTheFeasibleHosts(Case c) {
        List<String> placed = Requests.placedOn(engine.place(c.cluster(), c.request()));
        if (c.name().startsWith("spread instanceId")) {
            assertThat(placed).containsExactlyInAnyOrderElementsOf(c.placedOn());
        } else {
            assertThat(placed).containsExactlyElementsOf(c.placedOn());
        }
    }

    @Test
    void hostIsASynonymOfInstanceId() {
        ClusterSnapshot cluster = Hosts.cluster(host("a").withTasks(groupTask("t", "family:web")), host("b"));
        PlacementRequest request = Requests.task().withStrategies(List.of(new Spread("host")));
        assertThat(Requests.placedOn(engine.place(cluster, request))).containsExactly("b");
    }

    @Test
    void randomIsReproducibleFromTheSeed() {
        ClusterSnapshot cluster = tenHosts();
        PlacementRequest request = Requests.task().withCount(5).withStrategies(List.of(new Random())).withSeed(7);
        assertThat(engine.place(cluster, request)).isEqualTo(engine.place(cluster, request));
    }

    @Test
    void randomChoosesDifferentHostsForDifferentSeeds() {
        ClusterSnapshot cluster = tenHosts();
        Set<String> firstChoices = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            PlacementRequest request = Requests.task().withStrategies(List.of(new Random())).withSeed(seed);
            firstChoices.add(engine.place(cluster, request).assignments().getFirst().instanceId());
        }
        assertThat(firstChoices).hasSizeGreaterThan(5);
    }

    @Test
    void runTaskWithoutStrategyIsRandom() {
        ClusterSnapshot cluster = tenHosts();
        Set<String> choices = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            choices.add(engine.place(cluster, Requests.task().withSeed(seed)).assignments().getFirst().instanceId());
        }
        assertThat(choices).hasSizeGreaterThan(5);
    }

    @Test
    void randomIsUniformOverTheFeasibleHostsOnly() {
        ClusterSnapshot cluster = Hosts.cluster(host("a"), host("full").withMemory(0), host("b"), host("gone").disconnected());
        java.util.Map<String, Integer> chosen = new java.util.HashMap<>();
        for (long seed = 0; seed < 2000; seed++) {
            PlacementRequest request = Requests.task().withSeed(seed);
            chosen.merge(engine.place(cluster, request).assignments().getFirst().instanceId(), 1, Integer::sum);
        }
        assertThat(chosen.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(chosen.get("a")).isBetween(850, 1150);
    }

    private static ClusterSnapshot tenHosts() {
        return new ClusterSnapshot(Stream.iterate(0, i -> i + 1).limit(10).map(i -> host("h" + i).build()).toList());
    }
}
