package dev.gantry.instance;

import dev.gantry.placement.ClusterSnapshot;

/**
 * The placement view of a cluster's ACTIVE and DRAINING hosts together with the tasks they hold. The task module
 * builds it, since it owns the tasks; this module only asks for it, to evaluate ListContainerInstances' filter.
 * Declared here and implemented there so the dependency runs one way (task on instance).
 */
public interface HostSnapshots {

    ClusterSnapshot snapshot(long clusterId);
}
