/**
 * Clusters: CreateCluster, ListClusters, DescribeClusters, DeleteCluster, with live counts. Other features scope their rows by the cluster id this package resolves.
 */
@ApplicationModule(allowedDependencies = {"api", "shared"})
package dev.gantry.cluster;

import org.springframework.modulith.ApplicationModule;
