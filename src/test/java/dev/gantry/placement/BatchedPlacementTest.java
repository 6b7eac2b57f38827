package dev.gantry.placement;

import static dev.gantry.placement.Hosts.host;
import static dev.gantry.placement.Requests.placedOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several placements against one snapshot read: each sees the ones before it through {@link ClusterSnapshot#withPlaced}. */
class BatchedPlacementTest {
    private final PlacementEngine engine = new PlacementEngine();

    private static List<PlacedTask> placed(PlacementPlan plan, PlacementRequest request, String prefix) {
        List<PlacedTask> tasks = new ArrayList<>();
        for (int i = 0; i < plan.assignments().size(); i++) {
            tasks.add(new PlacedTask(prefix + i, request.group(), "web", request.serviceName(), request.cpu(), request.memory()));
        }
        return tasks;
    }

    @Test
    void aLaterPlacementSeesTheResourcesAndPortsAnEarlierOneTook() {
        ClusterSnapshot cluster = Hosts.cluster(host("a").withMemory(1024));
        PlacementRequest first = Requests.task().withPorts(Set.of(8080), Set.of());
        PlacementPlan plan = engine.place(cluster, first);
        ClusterSnapshot after = cluster.withPlaced(plan, first, placed(plan, first, "t"));

        HostView a = after.hosts().getFirst();
        assertThat(a.remainingMemory()).isEqualTo(512);
        assertThat(a.remainingCpu()).isEqualTo(4096 - 256);
        assertThat(a.usedTcpPorts()).contains(8080);
        assertThat(a.tasks()).extracting(PlacedTask::taskId).containsExactly("t0");
        // the same port again is refused; without it, the second task fits in what is left
        assertThat(engine.place(after, first).failures()).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(Reasons.PORTS));
        assertThat(placedOn(engine.place(after, Requests.task()))).containsExactly("a");
        assertThat(placedOn(engine.place(after, PlacementRequest.of("family:web", 256, 513, 1).withSeed(42)))).isEmpty();
        // the original snapshot is untouched
        assertThat(cluster.hosts().getFirst().tasks()).isEmpty();
    }

    @Test
    void aServicePlacedInSeveralStepsOnOneReadSpreadsAsIfEachStepHadReadAfresh() {
        ClusterSnapshot cluster = Hosts.cluster(host("a"), host("b"), host("c"), host("d"));
        Random random = new Random(7);
        ClusterSnapshot batch = cluster;
        for (int step = 0; step < 6; step++) {
            PlacementRequest request = Requests.serviceTask("web").withCount(2).withSeed(random.nextLong());
            PlacementPlan plan = engine.place(batch, request);
            assertThat(plan.assignments()).hasSize(2);
            batch = batch.withPlaced(plan, request, placed(plan, request, "s" + step + "-"));
        }
        // spread(instanceId) counts the service's tasks: had each step read the original snapshot, the seeded
        // tie-breaks could have stacked them; seeing each other, 12 tasks make 3 on every host
        assertThat(batch.hosts()).allSatisfy(h -> assertThat(h.tasks()).hasSize(3));
    }

    /**
     * A snapshot made by placing tasks shares its predecessor's memos of host facts (attributes, static constraint
     * matches, eligible hosts) instead of building them again: every decision on it must be the one a snapshot read
     * afresh with the same hosts gives, over random clusters, asks (constraints static and dynamic, strategies, ports,
     * required attributes) and chains of several asks.
     */
    @Test
    void aSnapshotMadeByPlacingDecidesAsTheSameHostsReadAfresh() {
        Gen.forAll(300, gen -> {
            ClusterSnapshot chained = ClusterModel.random(gen, 30).snapshot();
            for (int ask = 0; ask < 6; ask++) {
                PlacementRequest request = PlacementPropertiesTest.randomRequest(gen);
                PlacementPlan onChain = engine.place(chained, request);
                PlacementPlan afresh = engine.place(new ClusterSnapshot(chained.hosts()), request);
                assertThat(onChain).as("ask %d", ask).isEqualTo(afresh);
                chained = chained.withPlaced(onChain, request, placed(onChain, request, "a" + ask + "-"));
            }
        });
    }

    @Test
    void oneTaskPerAssignmentIsRequired() {
        ClusterSnapshot cluster = Hosts.cluster(host("a"));
        PlacementPlan plan = engine.place(cluster, Requests.task());
        assertThatThrownBy(() -> cluster.withPlaced(plan, Requests.task(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
