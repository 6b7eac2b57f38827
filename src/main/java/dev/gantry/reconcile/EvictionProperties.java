package dev.gantry.reconcile;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The guard against mass eviction, after Kubernetes' node lifecycle controller, which stops evicting from a zone
 * when too many of its nodes are unreachable at once (more likely a partition of the control plane than that many
 * failed hosts).
 *
 * @param unhealthyThreshold     share of a cluster's hosts unreachable at once from which host-loss declarations stop
 *                               (Kubernetes' --unhealthy-zone-threshold 0.55)
 * @param minUnreachable         fewer unreachable hosts than this never suspend evictions: a single lost host of a
 *                               small cluster is a host failure, not a control-plane partition
 * @param largeClusterSize       above this many hosts a disrupted (but not fully cut) cluster still evicts, at the
 *                               secondary rate (Kubernetes' --large-cluster-size-threshold 50)
 * @param evictionRate           hosts declared lost per second while the cluster is healthy (--node-eviction-rate 0.1)
 * @param secondaryEvictionRate  hosts per second while a large cluster is disrupted (--secondary-node-eviction-rate 0.01)
 */
@Validated
@ConfigurationProperties("gantry.eviction")
public record EvictionProperties(
        @DefaultValue("0.55") @DecimalMin("0.0") @DecimalMax("1.0") double unhealthyThreshold,
        @DefaultValue("2") @Min(1) int minUnreachable,
        @DefaultValue("50") @Min(0) int largeClusterSize,
        @DefaultValue("0.1") @DecimalMin("0.0") double evictionRate,
        @DefaultValue("0.01") @DecimalMin("0.0") double secondaryEvictionRate) {
}
