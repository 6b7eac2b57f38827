package dev.gantry.placement;

import java.util.List;

/** Object mother for requests: one standalone 256 CPU / 512 MiB task of group family:web, seed 42. */
final class Requests {
    private Requests() {
    }

    static PlacementRequest task() {
        return PlacementRequest.of("family:web", 256, 512, 1).withSeed(42);
    }

    static PlacementRequest serviceTask(String service) {
        return PlacementRequest.of("service:" + service, 256, 512, 1).withSeed(42).withService(service);
    }

    static List<String> placedOn(PlacementPlan plan) {
        return plan.assignments().stream().map(Assignment::instanceId).toList();
    }
}
