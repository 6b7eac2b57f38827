package dev.gantry.ecs;

import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterSetting;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * UpdateCluster and UpdateClusterSettings over {@link ClusterManagement#updateClusterSettings}: the one setting ECS
 * knows, containerInsights, stored and reported back. UpdateCluster's {@code configuration}
 * (executeCommandConfiguration, managedStorageConfiguration) and {@code serviceConnectDefaults} are refused naming
 * the member: Gantry has no ECS Exec, Fargate storage or Service Connect whose settings they would be.
 */
@Component
class ClusterUpdateOperations implements EcsOperations {

    private static final Set<String> ANSWERED = Set.of("SETTINGS", "TAGS");

    private final ClusterManagement clusters;

    ClusterUpdateOperations(ClusterManagement clusters) {
        this.clusters = clusters;
    }

    /** UpdateCluster's settings (optional there) and UpdateClusterSettings' (required there). */
    record Settings(@Size(max = 1) List<@Valid @NotNull ClusterSetting> settings) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                new EcsOperation("UpdateCluster", call -> call.requiredString("cluster"), call -> null, this::update),
                new EcsOperation("UpdateClusterSettings", call -> call.requiredString("cluster"), call -> null,
                        this::updateSettings));
    }

    private ClusterOperations.ClusterAnswer update(EcsCall call) {
        if (call.has("configuration")) {
            throw EcsError.unsupported("configuration: Gantry stores no cluster configuration "
                    + "(executeCommandConfiguration is for ECS Exec, which Gantry does not offer; "
                    + "managedStorageConfiguration is for Fargate storage).");
        }
        if (call.has("serviceConnectDefaults")) {
            throw EcsError.unsupported("serviceConnectDefaults: Service Connect is not offered by Gantry.");
        }
        String cluster = call.requiredString("cluster");
        List<ClusterSetting> settings = call.as(Settings.class).settings();
        if (settings == null || settings.isEmpty()) {
            // nothing to change: ECS answers the cluster as it is
            return new ClusterOperations.ClusterAnswer(ClusterOperations.EcsCluster.of(
                    clusters.describeActive(cluster), ANSWERED));
        }
        return new ClusterOperations.ClusterAnswer(ClusterOperations.EcsCluster.of(
                clusters.updateClusterSettings(cluster, settings), ANSWERED));
    }

    private ClusterOperations.ClusterAnswer updateSettings(EcsCall call) {
        String cluster = call.requiredString("cluster");
        if (!call.has("settings")) {
            throw EcsError.invalidParameter("settings can not be null.");
        }
        return new ClusterOperations.ClusterAnswer(ClusterOperations.EcsCluster.of(
                clusters.updateClusterSettings(cluster, call.as(Settings.class).settings()), ANSWERED));
    }
}
