package dev.gantry.cluster;

import java.util.Collection;
import java.util.Map;

/**
 * What another module holds in clusters, for the live counts on a cluster and the deletion check. Implemented by
 * the owners of those rows (instance, task, service), each over its own table; the cluster module adds the
 * answers up. Declared here and implemented there, so the dependency runs one way (they on cluster).
 */
public interface ClusterContents {

    /** Live counts per cluster among {@code clusterIds} (absent: all zero), zero in the fields this module does not hold. */
    Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds);

    /**
     * What still holds the cluster against DeleteCluster: instances not INACTIVE in
     * {@code registeredContainerInstances}, tasks not STOPPED in {@code runningTasks}, services ACTIVE or DRAINING in
     * {@code activeServices}; zero in the fields this module does not hold.
     */
    ClusterCounts holdings(long clusterId);
}
