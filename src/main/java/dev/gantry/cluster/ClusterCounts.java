package dev.gantry.cluster;

/** Live counts shown on a cluster; computed from the instance, task and service tables at read time. */
public record ClusterCounts(int registeredContainerInstances, int runningTasks, int pendingTasks, int activeServices,
        int drainingServices) {
}
