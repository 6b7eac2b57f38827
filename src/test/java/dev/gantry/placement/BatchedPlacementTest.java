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

    /** Chains the ordered walk takes (its sorted hosts are what a snapshot made by placing updates in place of a sort). */
    private static final List<List<PlacementStrategy>> WALKED = List.of(
            List.of(new PlacementStrategy.BinPack(PlacementStrategy.Resource.CPU)),
            List.of(new PlacementStrategy.Spread("attribute:ecs.availability-zone"),
                    new PlacementStrategy.BinPack(PlacementStrategy.Resource.MEMORY)),
            List.of(new PlacementStrategy.Spread("instanceId")),
            List.of(new PlacementStrategy.Spread("attribute:color"), new PlacementStrategy.Spread("instanceId")));
    private static final List<String> KEYS = List.of(PlacedTask.countingKey("s1", null), PlacedTask.countingKey(null, "g1"),
            PlacedTask.countingKey(null, "g2"), PlacedTask.countingKey("none", null));
    private static final List<String> GROUPS = List.of("service:s1", "g1", "g2", "none");
    private static final List<String> ATTRIBUTES = List.of("ecs.availability-zone", "color", "absent");

    /**
     * A snapshot made by placing tasks shares its predecessor's memos of host facts (attributes, static constraint
     * matches, eligible hosts) and updates its memos of what tasks change (remaining resources, counts per host and per
     * attribute value, hosts sorted by them, the census) for the assigned hosts only. Over random clusters and chains of
     * asks (constraints static and dynamic, strategies including the walked ones, ports, required attributes; a pool of
     * asks so that keys repeat and the predecessor's memos are there to update, and new asks so that they are not):
     * every decision and scale-in choice on the chained snapshot is the one on the same hosts read afresh, every
     * derived fact is equal, and after the whole chain was made and used, every predecessor still decides and counts
     * exactly as the same hosts read afresh.
     */
    @Test
    void aSnapshotMadeByPlacingDecidesAsTheSameHostsReadAfresh() {
        ScaleInSelector scaleIn = new ScaleInSelector();
        Gen.forAll(200, gen -> {
            List<PlacementRequest> pool = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                PlacementRequest request = PlacementPropertiesTest.randomRequest(gen);
                pool.add(gen.chance(50) ? request.withStrategies(gen.pick(WALKED)) : request);
            }
            ClusterSnapshot chained = ClusterModel.random(gen, 30).snapshot();
            List<ClusterSnapshot> predecessors = new ArrayList<>();
            int asks = gen.between(1, 3 * SnapshotIndex.MAX_CHAIN / 2);
            for (int ask = 0; ask < asks; ask++) {
                ClusterSnapshot afresh = new ClusterSnapshot(chained.hosts());
                PlacementRequest request = gen.chance(70) ? gen.pick(pool).withSeed(gen.nextLong())
                        : PlacementPropertiesTest.randomRequest(gen);
                PlacementPlan onChain = engine.place(chained, request);
                assertThat(onChain).as("ask %d", ask).isEqualTo(engine.place(afresh, request));
                if (gen.chance(30)) {
                    // every memo made now: the next snapshot updates all of them, not only the ones this ask needed
                    assertSameFacts(chained, afresh, "ask " + ask);
                }
                List<String> serviceTasks = chained.hosts().stream().flatMap(h -> h.tasks().stream())
                        .filter(t -> "s1".equals(t.serviceName())).map(PlacedTask::taskId).toList();
                long seed = gen.nextLong();
                int victims = gen.between(1, 4);
                List<PlacementStrategy> strategies = gen.pick(WALKED);
                assertThat(scaleIn.chooseVictims(chained, "s1", serviceTasks, strategies, victims, seed)).as("scale-in, ask %d", ask)
                        .isEqualTo(scaleIn.chooseVictims(afresh, "s1", serviceTasks, strategies, victims, seed));
                predecessors.add(chained);
                chained = chained.withPlaced(onChain, request, placed(onChain, request, "a" + ask + "-"));
            }
            assertSameFacts(chained, new ClusterSnapshot(chained.hosts()), "the last snapshot");
            for (int i = 0; i < predecessors.size(); i++) {
                ClusterSnapshot before = predecessors.get(i);
                ClusterSnapshot afresh = new ClusterSnapshot(before.hosts());
                for (PlacementRequest request : pool) {
                    assertThat(engine.place(before, request)).as("predecessor %d after the chain", i)
                            .isEqualTo(engine.place(afresh, request));
                }
                assertSameFacts(before, afresh, "predecessor " + i + " after the chain");
            }
        });
    }

    /** Every fact the index derives from tasks and resources, for the keys, groups and attributes the asks use. */
    private static void assertSameFacts(ClusterSnapshot chained, ClusterSnapshot afresh, String when) {
        SnapshotIndex a = chained.index();
        SnapshotIndex b = afresh.index();
        assertThat(chained.hosts()).as("hosts, %s", when).isEqualTo(afresh.hosts());
        assertThat(a.cpu).as("remaining CPU, %s", when).isEqualTo(b.cpu);
        assertThat(a.memory).as("remaining memory, %s", when).isEqualTo(b.memory);
        assertThat(a.acceptsTasks).as("accepts tasks, %s", when).isEqualTo(b.acceptsTasks);
        for (String key : KEYS) {
            assertThat(a.countsByKey(key)).as("tasks of %s per host, %s", key, when).isEqualTo(b.countsByKey(key));
        }
        for (String group : GROUPS) {
            assertThat(a.countsByGroup(group)).as("tasks of group %s per host, %s", group, when).isEqualTo(b.countsByGroup(group));
        }
        for (String attribute : ATTRIBUTES) {
            for (String key : KEYS) {
                assertThat(a.countsPerValue(attribute, key)).as("tasks of %s per %s, %s", key, attribute, when)
                        .isEqualTo(b.countsPerValue(attribute, key));
            }
        }
        List<String> attributes = new ArrayList<>(ATTRIBUTES);
        attributes.add(null);
        List<String> levels = new ArrayList<>(KEYS);
        levels.addAll(List.of("cpu", "memory"));
        for (String attribute : attributes) {
            for (String level : levels) {
                SnapshotIndex.SortedHosts x = a.sortedHosts(attribute, level);
                SnapshotIndex.SortedHosts y = b.sortedHosts(attribute, level);
                assertThat(x.hostsByValue()).as("hosts by %s sorted by %s, %s", attribute, level, when).isDeepEqualTo(y.hostsByValue());
                assertThat(x.levelsByValue()).as("levels by %s sorted by %s, %s", attribute, level, when).isDeepEqualTo(y.levelsByValue());
            }
        }
    }

    @Test
    void oneTaskPerAssignmentIsRequired() {
        ClusterSnapshot cluster = Hosts.cluster(host("a"));
        PlacementPlan plan = engine.place(cluster, Requests.task());
        assertThatThrownBy(() -> cluster.withPlaced(plan, Requests.task(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
