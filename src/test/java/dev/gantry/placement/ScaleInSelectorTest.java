package dev.gantry.placement;

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

/**
 * ECS's scale-in choice per strategy: binpack stops the task whose instance keeps the most left, spread keeps the
 * spread balanced, random is random, and with no strategy the AZ and then the instance holding the most tasks lose
 * one; each case cites its rule.
 */
class ScaleInSelectorTest {
    private static final Spread AZ = new Spread("attribute:ecs.availability-zone");
    private final ScaleInSelector selector = new ScaleInSelector();

    /** Zone a holds 3 of the service's tasks (a1: 2, a2: 1), zone b holds 1. */
    private static final ClusterSnapshot ZONES = Hosts.cluster(
            host("a1").inZone("a").withMemory(1000).withTasks(serviceTask("t1", "api"), serviceTask("t2", "api")),
            host("a2").inZone("a").withMemory(5000).withTasks(serviceTask("t3", "api")),
            host("b1").inZone("b").withMemory(3000).withTasks(serviceTask("t4", "api")));
    private static final List<String> ALL = List.of("t1", "t2", "t3", "t4");

    record Case(String rule, List<PlacementStrategy> strategies, int count, Set<String> expected) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("rule 1: spread AZ stops from the zone holding most", List.of(AZ, new Spread("instanceId")), 1, Set.of("t1", "t2")),
                new Case("rule 1: spread instanceId stops from the instance holding most", List.of(new Spread("instanceId")), 1, Set.of("t1", "t2")),
                new Case("rule 1: stopping two keeps zones balanced", List.of(AZ, new Spread("instanceId")), 2, Set.of("t1", "t2", "t3")),
                new Case("rule 2: binpack memory stops where most memory will be left", List.of(new BinPack(Resource.MEMORY)), 1, Set.of("t3")),
                new Case("rule 4: no strategy means AZ then instance", List.of(), 1, Set.of("t1", "t2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesVictimsAsEcsDoes(Case c) {
        List<String> victims = selector.chooseVictims(ZONES, "api", ALL, c.strategies(), c.count(), 1);
        assertThat(victims).hasSize(c.count());
        assertThat(c.expected()).containsAll(victims);
    }

    @Test
    void stoppingTwoWithTheDefaultTakesOneFromEachOfZoneAsInstances() {
        List<String> victims = selector.chooseVictims(ZONES, "api", ALL, List.of(), 2, 1);
        assertThat(victims.getFirst()).isIn("t1", "t2");
        assertThat(victims.get(1)).isIn("t1", "t2", "t3");
        assertThat(Set.copyOf(victims)).hasSize(2);
    }

    @Test
    void onlyCandidatesAreStoppedButAllServiceTasksCountForBalance() {
        List<String> victims = selector.chooseVictims(ZONES, "api", List.of("t3", "t4"), List.of(AZ), 1, 1);
        assertThat(victims).containsExactly("t3");
    }

    @Test
    void randomIsReproducibleAndVariesWithTheSeed() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> first = selector.chooseVictims(ZONES, "api", ALL, List.of(new Random()), 1, seed);
            assertThat(selector.chooseVictims(ZONES, "api", ALL, List.of(new Random()), 1, seed)).isEqualTo(first);
            seen.addAll(first);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void neverStopsMoreThanTheCandidates() {
        assertThat(selector.chooseVictims(ZONES, "api", List.of("t4"), List.of(), 3, 1)).containsExactly("t4");
    }
}
