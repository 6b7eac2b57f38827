package dev.gantry.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Adds up the live counts of clusters from the modules that hold rows in them. ECS counts: instances ACTIVE or
 * DRAINING, tasks by lastStatus RUNNING / PENDING (PROVISIONING counts as pending), services ACTIVE.
 */
@Component
class ClusterCountsQuery {

    private final List<ClusterContents> contents;

    ClusterCountsQuery(List<ClusterContents> contents) {
        this.contents = contents;
    }

    Map<Long, ClusterCounts> countsFor(Collection<Long> clusterIds) {
        Map<Long, ClusterCounts> sum = new HashMap<>();
        if (clusterIds.isEmpty()) {
            return sum;
        }
        for (ClusterContents c : contents) {
            c.countsFor(clusterIds).forEach((id, counts) -> sum.merge(id, counts, ClusterCounts::plus));
        }
        return sum;
    }

    /** Anything still holding the cluster: the first count that blocks deletion, per ECS's exception order. */
    ClusterCounts holdings(long clusterId) {
        ClusterCounts sum = ClusterCounts.ZERO;
        for (ClusterContents c : contents) {
            sum = sum.plus(c.holdings(clusterId));
        }
        return sum;
    }
}
