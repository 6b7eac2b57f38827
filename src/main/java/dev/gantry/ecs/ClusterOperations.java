package dev.gantry.ecs;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterSetting;
import dev.gantry.cluster.ClusterView;
import dev.gantry.cluster.CreateClusterRequest;
import dev.gantry.cluster.Tag;
import dev.gantry.security.EcsCallAuthorisation;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster over {@link ClusterManagement}. */
@Component
class ClusterOperations implements EcsOperations {

    static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS");

    private final ClusterManagement clusters;
    private final EcsCallAuthorisation authorisation;
    private final Arns arns;

    ClusterOperations(ClusterManagement clusters, EcsCallAuthorisation authorisation, GantryProperties properties) {
        this.clusters = clusters;
        this.authorisation = authorisation;
        this.arns = properties.arns();
    }

    /**
     * ECS's Cluster shape. Settings, statistics and tags only when asked for with {@code include} (DescribeClusters)
     * or when the call set them (CreateCluster, DeleteCluster answer with what the cluster holds).
     */
    record EcsCluster(String clusterArn, String clusterName, String status, int registeredContainerInstancesCount,
            int runningTasksCount, int pendingTasksCount, int activeServicesCount,
            List<ClusterView.KeyValue> statistics, List<Tag> tags, List<ClusterSetting> settings,
            List<String> capacityProviders, List<Object> defaultCapacityProviderStrategy) {

        static EcsCluster of(ClusterView view, Set<String> include) {
            return new EcsCluster(view.clusterArn(), view.clusterName(), view.status(),
                    view.registeredContainerInstancesCount(), view.runningTasksCount(), view.pendingTasksCount(),
                    view.activeServicesCount(),
                    include.contains("STATISTICS") ? nonNull(view.statistics()) : null,
                    include.contains("TAGS") ? nonNull(view.tags()) : null,
                    include.contains("SETTINGS") ? nonNull(view.settings()) : null,
                    List.of(), List.of());
        }

        private static <T> List<T> nonNull(List<T> values) {
            return values == null ? List.of() : values;
        }
    }

    record ClusterAnswer(EcsCluster cluster) {
    }

    record ClustersAnswer(List<EcsCluster> clusters, List<EcsFailure> failures) {
    }

    record ClusterArns(List<String> clusterArns, String nextToken) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                EcsOperation.global("CreateCluster", call -> call.string("clusterName"), this::create),
                EcsOperation.global("DescribeClusters", call -> null, this::describe),
                EcsOperation.global("ListClusters", call -> null, this::list),
                new EcsOperation("DeleteCluster", call -> call.requiredString("cluster"), call -> null, this::delete));
    }

    private ClusterAnswer create(EcsCall call) {
        if (!call.strings("capacityProviders").isEmpty() || call.has("defaultCapacityProviderStrategy")) {
            throw EcsError.unsupported("Capacity providers are not offered by Gantry: a cluster's capacity is the "
                    + "Docker hosts registered with it (RegisterContainerInstance).");
        }
        if (call.has("serviceConnectDefaults")) {
            throw EcsError.unsupported("serviceConnectDefaults: Service Connect is not offered by Gantry.");
        }
        CreateClusterRequest request = call.as(CreateClusterRequest.class);
        return new ClusterAnswer(EcsCluster.of(clusters.createCluster(request), Set.of("SETTINGS", "TAGS")));
    }

    private ClustersAnswer describe(EcsCall call) {
        List<String> references = EcsCall.atMost("clusters", call.strings("clusters"), 100);
        if (references.isEmpty()) {
            references = List.of(EcsCall.DEFAULT_CLUSTER);
        }
        Set<String> include = Set.copyOf(validInclude(call));
        Optional<Set<String>> visible = authorisation.visibleClusters();
        List<EcsCluster> found = new ArrayList<>();
        List<EcsFailure> failures = new ArrayList<>();
        for (String reference : references) {
            Optional<String> name = arns.clusterName(reference);
            if (name.isEmpty() || visible.map(v -> !v.contains(name.get())).orElse(false)) {
                failures.add(EcsFailure.missing(name.map(arns::cluster).orElse(reference)));
                continue;
            }
            try {
                found.add(EcsCluster.of(clusters.describeCluster(reference), include));
            } catch (ApiException e) {
                if (!"ClusterNotFoundException".equals(e.code())) {
                    throw e;
                }
                failures.add(EcsFailure.missing(arns.cluster(name.get())));
            }
        }
        return new ClustersAnswer(found, failures);
    }

    private List<String> validInclude(EcsCall call) {
        List<String> include = call.strings("include");
        for (String value : include) {
            if (!INCLUDE.contains(value)) {
                throw EcsError.invalidParameter("include must hold only " + String.join(", ", INCLUDE.stream().sorted().toList())
                        + " (got '" + value + "').");
            }
        }
        return include;
    }

    private ClusterArns list(EcsCall call) {
        Page<ClusterView> page = clusters.listClusters(call.maxResults(100), call.string("nextToken"),
                authorisation.visibleClusters());
        return new ClusterArns(page.items().stream().map(ClusterView::clusterArn).toList(), page.nextToken());
    }

    private ClusterAnswer delete(EcsCall call) {
        return new ClusterAnswer(EcsCluster.of(clusters.deleteCluster(call.requiredString("cluster")),
                Set.of("SETTINGS", "TAGS")));
    }
}
