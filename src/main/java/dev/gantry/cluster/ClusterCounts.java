package dev.gantry.cluster;

/** Live counts shown on a cluster; each module holding rows in clusters contributes its part ({@link ClusterContents}). */
public record ClusterCounts(int registeredContainerInstances, int runningTasks, int pendingTasks, int activeServices,
        int drainingServices) {

    public static final ClusterCounts ZERO = new ClusterCounts(0, 0, 0, 0, 0);

    public ClusterCounts plus(ClusterCounts other) {
        return new ClusterCounts(registeredContainerInstances + other.registeredContainerInstances,
                runningTasks + other.runningTasks, pendingTasks + other.pendingTasks,
                activeServices + other.activeServices, drainingServices + other.drainingServices);
    }
}
