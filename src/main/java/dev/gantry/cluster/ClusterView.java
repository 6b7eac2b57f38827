package dev.gantry.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The ECS Cluster shape as REST v1 returns it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Cluster")
public record ClusterView(
        @Schema(example = "arn:aws:ecs:local:000000000000:cluster/default") String clusterArn,
        @Schema(example = "default") String clusterName,
        @Schema(allowableValues = {"ACTIVE", "INACTIVE"}) String status,
        int registeredContainerInstancesCount,
        int runningTasksCount,
        int pendingTasksCount,
        int activeServicesCount,
        List<KeyValue> statistics,
        List<ClusterSetting> settings,
        List<Tag> tags,
        long version) {

    public record KeyValue(String name, String value) {
    }
}
