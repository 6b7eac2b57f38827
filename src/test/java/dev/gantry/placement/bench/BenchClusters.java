package dev.gantry.placement.bench;

import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.HostView;
import dev.gantry.placement.PlacedTask;
import dev.gantry.placement.PlacementConstraint;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;

/** Synthetic but realistic clusters and task mixes for the placement benchmark; fixed seeds, so runs compare. */
final class BenchClusters {
    static final int SERVICES = 200;
    private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c", "zone-d", "zone-e", "zone-f");
    private static final List<String> TYPES = List.of("m5.large", "m5.xlarge", "c5.large", "c5.xlarge", "r5.large", "t3.medium");
    private static final Set<Integer> RESERVED = Set.of(22, 2375, 2376, 51678, 51679);

    private BenchClusters() {
    }

    /** Hosts with 0–8 tasks of 200 services, partly full, 5% draining, 6 zones, 6 instance types. */
    static ClusterSnapshot cluster(int hosts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<HostView> views = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            List<PlacedTask> tasks = new ArrayList<>();
            for (int t = random.nextInt(9); t > 0; t--) {
                String service = "svc-" + random.nextInt(SERVICES);
                tasks.add(new PlacedTask("task-" + i + "-" + t, "service:" + service, service, service, 256, 512));
            }
            String id = "i-" + Integer.toHexString(0x1000000 + i);
            views.add(new HostView(id, "arn:aws:ecs:local:000000000000:container-instance/bench/" + id,
                    random.nextInt(100) < 5 ? "DRAINING" : HostView.ACTIVE, true,
                    128 * random.nextInt(33), 512 * random.nextInt(33), random.nextInt(100) < 20 ? Set.of(8080, 22) : RESERVED,
                    Set.of(), Map.of("ecs.availability-zone", ZONES.get(i % ZONES.size()),
                            "ecs.instance-type", TYPES.get(random.nextInt(TYPES.size()))),
                    tasks, "1.80.0", Instant.parse("2026-01-01T00:00:00Z")));
        }
        return new ClusterSnapshot(views);
    }

    /** One standalone RunTask task with the RunTask default strategy (random), no constraint. */
    static PlacementRequest identicalTask() {
        return PlacementRequest.of("family:web", 256, 512, 1);
    }

    /**
     * 16 different service tasks: sizes from 128 CPU / 256 MiB to 1024 CPU / 2048 MiB, a quarter with
     * a static port, all with spread(attribute:ecs.availability-zone) + binpack(memory) and a memberOf.
     */
    static List<PlacementRequest> mixedTasks() {
        return mixedTasks(List.of(new PlacementStrategy.Spread("attribute:ecs.availability-zone"),
                new PlacementStrategy.BinPack(PlacementStrategy.Resource.MEMORY)));
    }

    /** The same mix with another chain, e.g. the service default (which takes the full-scan path). */
    static List<PlacementRequest> mixedTasks(List<PlacementStrategy> chain) {
        PlacementConstraint memberOf = PlacementConstraint.MemberOf.of(
                "attribute:ecs.instance-type =~ '(m5|c5|r5)\\..*' and attribute:ecs.availability-zone != zone-f");
        List<PlacementRequest> mix = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String service = "svc-" + (i * 7);
            mix.add(PlacementRequest.of("service:" + service, 128 << (i % 4), 256 << (i % 4), 1)
                    .withService(service)
                    .withPorts(i % 4 == 0 ? Set.of(8080) : Set.of(), Set.of())
                    .withConstraints(List.of(memberOf))
                    .withStrategies(chain)
                    .withSeed(i));
        }
        return mix;
    }
}
