package dev.gantry.cluster;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** CreateCluster. Without a name the cluster is {@code default}, as in ECS. */
public record CreateClusterRequest(
        @Size(min = 1, max = 255) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only letters, digits, hyphens and underscores")
        @Schema(example = "production") String clusterName,
        @Size(max = 1) List<@Valid ClusterSetting> settings,
        @Size(max = 50) List<@Valid Tag> tags) {
}
