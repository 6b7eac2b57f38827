package dev.gantry.service;

import dev.gantry.shared.PlacementInput;
import java.time.Instant;
import java.util.List;

/** A service row: what the API asked for. Deployments and events are rows of their own. */
public record Service(
        long id,
        long clusterId,
        String name,
        Status status,
        SchedulingStrategy schedulingStrategy,
        int desiredCount,
        long taskDefinitionId,
        DeploymentConfiguration deploymentConfiguration,
        List<PlacementInput.Constraint> placementConstraints,
        List<PlacementInput.Strategy> placementStrategy,
        int healthCheckGracePeriodSeconds,
        boolean availabilityZoneRebalancing,
        String clientToken,
        String requestFingerprint,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public enum Status { ACTIVE, DRAINING, INACTIVE }

    public enum SchedulingStrategy { REPLICA, DAEMON }

    public boolean daemon() {
        return schedulingStrategy == SchedulingStrategy.DAEMON;
    }
}
