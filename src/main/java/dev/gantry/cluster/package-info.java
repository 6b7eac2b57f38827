/**
 * Clusters: CreateCluster, ListClusters, DescribeClusters, DeleteCluster, with live counts. Other features scope their rows by the cluster id this package resolves.
 * Depends on security for the caller only: ListClusters leaves out, in its query, the clusters a cluster-limited key
 * may not see (every other request naming a cluster it may not see is answered before it reaches this module).
 */
@ApplicationModule(allowedDependencies = {"api", "security", "shared"})
package dev.gantry.cluster;

import org.springframework.modulith.ApplicationModule;
