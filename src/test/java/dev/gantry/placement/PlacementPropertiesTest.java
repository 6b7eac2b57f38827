package dev.gantry.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.ClusterModel.Host;
import dev.gantry.placement.PlacementStrategy.BinPack;
import dev.gantry.placement.PlacementStrategy.Resource;
import dev.gantry.placement.PlacementStrategy.Spread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Safety and quality properties over many random clusters and task mixes (seeded, replayable). */
class PlacementPropertiesTest {
    private final PlacementEngine engine = new PlacementEngine();

    private static final List<PlacementStrategy> STRATEGIES = List.of(new PlacementStrategy.Random(),
            new Spread("instanceId"), new Spread("attribute:ecs.availability-zone"),
            new BinPack(Resource.CPU), new BinPack(Resource.MEMORY));
    private static final List<PlacementConstraint> CONSTRAINTS = List.of(new PlacementConstraint.DistinctInstance(),
            new PlacementConstraint.MaxPerInstance(2), PlacementConstraint.MemberOf.of("attribute:color != red"),
            PlacementConstraint.MemberOf.of("not(task:group == g1) or runningTasksCount < 2"),
            PlacementConstraint.MemberOf.of("attribute:ecs.availability-zone in [a, b]"));

    static PlacementRequest randomRequest(Gen gen) {
        boolean service = gen.chance(50);
        PlacementRequest request = PlacementRequest.of(service ? "service:s1" : "g" + gen.between(1, 2),
                        64 * gen.between(0, 16), 128 * gen.between(0, 16), gen.between(1, 10))
                .withPorts(Set.copyOf(gen.someOf(ClusterModel.PORTS, 15)), Set.copyOf(gen.someOf(ClusterModel.PORTS, 10)))
                .withConstraints(gen.someOf(CONSTRAINTS, 25))
                .withStrategies(gen.someOf(STRATEGIES, 30))
                .withRequiredAttributes(gen.chance(20) ? Set.of("color") : Set.of())
                .withSeed(gen.nextLong());
        return service ? request.withService("s1") : request;
    }

    @Test
    void everyTaskGoesToAFeasibleHostAndFailsOnlyWhenNoneIsLeft() {
        Gen.forAll(400, gen -> {
            ClusterModel model = ClusterModel.random(gen, 30);
            for (int round = 0; round < 3; round++) {
                PlacementRequest request = randomRequest(gen);
                PlacementPlan plan = engine.place(model.snapshot(), request);
                assertThat(plan.assignments().size() + plan.failures().size()).isEqualTo(request.count());
                for (Assignment assignment : plan.assignments()) {
                    Host host = model.host(assignment.instanceId());
                    assertThat(model.feasible(host, request)).as("task %d on %s", assignment.taskIndex(), host.id).isTrue();
                    model.apply(host, request);
                    assertThat(host.cpu).isNotNegative();
                    assertThat(host.memory).isNotNegative();
                }
                if (!plan.failures().isEmpty()) {
                    assertThat(model.hosts).noneMatch(host -> model.feasible(host, request));
                }
            }
        });
    }

    @Test
    void spreadOverInstancesKeepsCountsWithinOne() {
        Gen.forAll(200, gen -> {
            ClusterModel model = ClusterModel.uniform(gen.between(1, 12), 100_000, 100_000);
            PlacementRequest request = PlacementRequest.of("service:s1", 1, 1, gen.between(1, 40)).withService("s1")
                    .withStrategies(List.of(new Spread("instanceId"))).withSeed(gen.nextLong());
            placeAll(model, request);
            assertWithinOne(countBy(model, host -> host.id));
        });
    }

    @Test
    void spreadOverAnAttributeKeepsValueCountsWithinOne() {
        Gen.forAll(200, gen -> {
            ClusterModel model = ClusterModel.uniform(gen.between(3, 12), 100_000, 100_000);
            PlacementRequest request = PlacementRequest.of("service:s1", 1, 1, gen.between(1, 40)).withService("s1")
                    .withSeed(gen.nextLong());
            placeAll(model, request);
            assertWithinOne(countBy(model, host -> host.attributes.get("ecs.availability-zone")));
            for (String zone : ClusterModel.ZONES) {
                Map<String, Long> inZone = new HashMap<>();
                model.hosts.stream().filter(host -> zone.equals(host.attributes.get("ecs.availability-zone")))
                        .forEach(host -> inZone.put(host.id, (long) host.tasks.size()));
                assertWithinOne(inZone);
            }
        });
    }

    @Test
    void binpackNeverOpensAnInstanceWhileAUsedOneFits() {
        Gen.forAll(200, gen -> {
            ClusterModel model = ClusterModel.uniform(gen.between(1, 10), 4096, 8192);
            Resource resource = gen.pick(List.of(Resource.CPU, Resource.MEMORY));
            for (int round = 0; round < 15; round++) {
                PlacementRequest request = PlacementRequest.of("g1", 128 * gen.between(1, 12), 256 * gen.between(1, 12), gen.between(1, 5))
                        .withPorts(Set.copyOf(gen.someOf(ClusterModel.PORTS, 10)), Set.of())
                        .withStrategies(List.of(new BinPack(resource))).withSeed(gen.nextLong());
                for (Assignment assignment : engine.place(model.snapshot(), request).assignments()) {
                    Host chosen = model.host(assignment.instanceId());
                    if (chosen.tasks.isEmpty()) {
                        assertThat(model.hosts).as("a used host that fits")
                                .noneMatch(host -> !host.tasks.isEmpty() && model.feasible(host, request));
                    }
                    model.apply(chosen, request);
                }
            }
        });
    }

    @Test
    void orderedWalkChoosesAsWellAsTheFullScan() {
        PlacementEngine fullScan = new PlacementEngine(false);
        Gen.forAll(300, gen -> {
            ClusterModel model = ClusterModel.random(gen, 40);
            PlacementStrategy levelRule = gen.pick(List.of(new BinPack(Resource.CPU), new BinPack(Resource.MEMORY), new Spread("instanceId")));
            List<PlacementStrategy> chain = gen.chance(50) ? List.of(levelRule)
                    : List.of(new Spread("attribute:ecs.availability-zone"), levelRule);
            PlacementRequest request = randomRequest(gen).withStrategies(chain);
            PlacementPlan walked = engine.place(model.snapshot(), request);
            PlacementPlan scanned = fullScan.place(model.snapshot(), request);
            assertThat(walked.failures()).isEqualTo(scanned.failures());
            for (int i = 0; i < walked.assignments().size(); i++) {
                Host a = model.host(walked.assignments().get(i).instanceId());
                Host b = model.host(scanned.assignments().get(i).instanceId());
                if (chain.size() == 2) {
                    assertThat(zoneCount(model, a, request)).as("spread count, task %d", i).isEqualTo(zoneCount(model, b, request));
                }
                assertThat(level(levelRule, a, request)).as("level, task %d", i).isEqualTo(level(levelRule, b, request));
                if (!a.id.equals(b.id)) {
                    return; // equally good but different hosts: the runs diverge from here on
                }
                model.apply(a, request);
            }
        });
    }

    private static long level(PlacementStrategy rule, Host host, PlacementRequest request) {
        return switch (rule) {
            case BinPack(Resource resource) -> resource == Resource.CPU ? host.cpu : host.memory;
            default -> ClusterModel.sameServiceOrGroup(host, request);
        };
    }

    private static long zoneCount(ClusterModel model, Host host, PlacementRequest request) {
        String zone = host.attributes.get("ecs.availability-zone");
        return model.hosts.stream().filter(h -> zone.equals(h.attributes.get("ecs.availability-zone")))
                .mapToLong(h -> ClusterModel.sameServiceOrGroup(h, request)).sum();
    }

    private void placeAll(ClusterModel model, PlacementRequest request) {
        PlacementPlan plan = engine.place(model.snapshot(), request);
        assertThat(plan.failures()).isEmpty();
        plan.assignments().forEach(assignment -> model.apply(model.host(assignment.instanceId()), request));
    }

    private static Map<String, Long> countBy(ClusterModel model, java.util.function.Function<Host, String> field) {
        Map<String, Long> counts = new HashMap<>();
        for (Host host : model.hosts) {
            counts.merge(field.apply(host), (long) host.tasks.size(), Long::sum);
        }
        return counts;
    }

    private static void assertWithinOne(Map<String, Long> counts) {
        List<Long> values = new ArrayList<>(counts.values());
        assertThat(values.stream().mapToLong(Long::longValue).max().orElse(0)
                - values.stream().mapToLong(Long::longValue).min().orElse(0)).as("counts %s", counts).isLessThanOrEqualTo(1);
    }
}
