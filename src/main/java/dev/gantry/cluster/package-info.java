/**
 * Clusters: CreateCluster, ListClusters, DescribeClusters, DeleteCluster, with live counts. Other features scope their rows by the cluster id this package resolves.
 */
package dev.gantry.cluster;
