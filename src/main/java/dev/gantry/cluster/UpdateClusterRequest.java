package dev.gantry.cluster;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** UpdateCluster's settings (containerInsights): each replaces the stored setting of its name. */
public record UpdateClusterRequest(@NotEmpty @Size(max = 1) List<@Valid ClusterSetting> settings) {
}
