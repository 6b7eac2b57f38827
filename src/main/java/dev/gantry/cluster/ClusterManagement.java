package dev.gantry.cluster;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.api.Keyset;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** CreateCluster, ListClusters, DescribeClusters and DeleteCluster, with ECS's rules. */
@Component
public class ClusterManagement {

    public static final String DEFAULT_CLUSTER = "default";

    private final ClusterRepository clusters;
    private final ClusterCountsQuery counts;
    private final Arns arns;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;

    ClusterManagement(ClusterRepository clusters, ClusterCountsQuery counts, GantryProperties properties,
            JsonMapper json, Clock clock, TransactionTemplate tx) {
        this.clusters = clusters;
        this.counts = counts;
        this.arns = properties.arns();
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    /** Creating a name that is already ACTIVE returns that cluster unchanged, as ECS does. */
    public ClusterView createCluster(CreateClusterRequest request) {
        String name = request.clusterName() == null ? DEFAULT_CLUSTER : request.clusterName();
        Optional<Cluster> existing = clusters.findActive(name);
        if (existing.isPresent()) {
            return view(existing.get());
        }
        try {
            Cluster created = tx.execute(s -> clusters.insert(name,
                    json.writeValueAsString(request.settings() == null ? List.of() : request.settings()),
                    json.writeValueAsString(request.tags() == null ? List.of() : request.tags()),
                    clock.instant()));
            return view(created);
        } catch (DataIntegrityViolationException raced) {
            // another request created the same name between our read and insert
            return view(clusters.findActive(name).orElseThrow(() -> raced));
        }
    }

    /**
     * ACTIVE clusters by name, a page at a time.
     *
     * @param limitedTo the names a cluster-limited caller may see (the others are left out as if they did not exist);
     *                  empty for a caller that sees every cluster
     */
    @Transactional(readOnly = true)
    public Page<ClusterView> listClusters(Integer maxResults, String nextToken, Optional<Set<String>> limitedTo) {
        Keyset keyset = Keyset.of(maxResults, nextToken);
        return keyset.page(clusters.listActive(keyset.afterOr(""), keyset.limit(), limitedTo), Cluster::name,
                this::views);
    }

    /** The ACTIVE cluster of that name or ARN, else the latest INACTIVE one, else 404. */
    @Transactional(readOnly = true)
    public ClusterView describeCluster(String reference) {
        String name = nameOf(reference);
        return view(clusters.findActive(name)
                .or(() -> clusters.findNewest(name))
                .orElseThrow(ClusterManagement::notFound));
    }

    /** Refused with the matching ClusterContains…Exception while anything still lives in the cluster. */
    @Transactional
    public ClusterView deleteCluster(String reference) {
        Cluster cluster = clusters.findActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound);
        ClusterCounts holding = counts.holdings(cluster.id());
        if (holding.registeredContainerInstances() > 0) {
            throw ApiException.conflict("ClusterContainsContainerInstancesException",
                    "The cluster cannot be deleted while container instances are active or draining.");
        }
        if (holding.activeServices() > 0) {
            throw ApiException.conflict("ClusterContainsServicesException",
                    "The cluster cannot be deleted while services are active.");
        }
        if (holding.runningTasks() > 0) {
            throw ApiException.conflict("ClusterContainsTasksException",
                    "The cluster cannot be deleted while tasks are active.");
        }
        // deleted meanwhile by another request: gone, as it would be had that request come first
        Cluster deleted = clusters.markDeleted(cluster, clock.instant()).orElseThrow(ClusterManagement::notFound);
        return new ClusterView(arns.cluster(deleted.name()), deleted.name(), deleted.status().name(), 0, 0, 0, 0,
                null, settings(deleted), tags(deleted), deleted.version());
    }

    /** The ACTIVE cluster of that name or ARN, else 404 (an update that changes nothing answers it). */
    @Transactional(readOnly = true)
    public ClusterView describeActive(String reference) {
        return view(clusters.findActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound));
    }

    /** ListTagsForResource of a cluster: the ACTIVE cluster's tags; ClusterNotFoundException when there is none. */
    @Transactional(readOnly = true)
    public List<Tag> listTags(String reference) {
        return tags(clusters.findActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound));
    }

    /** TagResource: adds tags, replacing the values of keys it already has (at most 50 tags in all). */
    @Transactional
    public List<Tag> tagCluster(String reference, List<Tag> added) {
        Cluster cluster = clusters.lockActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound);
        List<Tag> tags = Tags.merged(tags(cluster), added);
        clusters.updateTags(cluster.id(), Tags.toJson(json, tags)).orElseThrow(ClusterManagement::notFound);
        return tags;
    }

    /** UntagResource: removes the tags of these keys (keys the cluster does not have are ignored). */
    @Transactional
    public List<Tag> untagCluster(String reference, List<String> keys) {
        Cluster cluster = clusters.lockActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound);
        List<Tag> tags = Tags.without(tags(cluster), Tags.validatedKeys(keys));
        clusters.updateTags(cluster.id(), Tags.toJson(json, tags)).orElseThrow(ClusterManagement::notFound);
        return tags;
    }

    /**
     * UpdateCluster / UpdateClusterSettings: each setting given replaces the stored one of its name (ECS knows one,
     * containerInsights, which Gantry stores and reports back). At least one setting.
     */
    @Transactional
    public ClusterView updateClusterSettings(String reference, List<ClusterSetting> settings) {
        if (settings == null || settings.isEmpty()) {
            throw ApiException.invalidParameter("settings", "must hold at least one setting");
        }
        for (int i = 0; i < settings.size(); i++) {
            ClusterSetting setting = settings.get(i);
            if (setting == null || !"containerInsights".equals(setting.name())) {
                throw ApiException.invalidParameter("settings[" + i + "].name", "must be containerInsights");
            }
            if (setting.value() == null || !Set.of("enhanced", "enabled", "disabled").contains(setting.value())) {
                throw ApiException.invalidParameter("settings[" + i + "].value", "must be one of enhanced, enabled, disabled");
            }
        }
        Cluster cluster = clusters.lockActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound);
        java.util.LinkedHashMap<String, ClusterSetting> byName = new java.util.LinkedHashMap<>();
        settings(cluster).forEach(s -> byName.put(s.name(), s));
        settings.forEach(s -> byName.put(s.name(), s));
        Cluster updated = clusters.updateSettings(cluster.id(), json.writeValueAsString(List.copyOf(byName.values())))
                .orElseThrow(ClusterManagement::notFound);
        return view(updated);
    }

    /**
     * The id of the ACTIVE cluster a request names (name or ARN); other features use it to scope
     * their rows. 404 ClusterNotFoundException otherwise.
     */
    @Transactional(readOnly = true)
    public ActiveCluster requireActive(String reference) {
        Cluster cluster = clusters.findActive(nameOf(reference)).orElseThrow(ClusterManagement::notFound);
        return new ActiveCluster(cluster.id(), cluster.name(), arns.cluster(cluster.name()));
    }

    public record ActiveCluster(long id, String name, String arn) {
    }

    private String nameOf(String reference) {
        return arns.clusterName(reference).orElseThrow(() -> ApiException.invalidParameter("cluster",
                        "must be a cluster name or a cluster ARN of this Gantry (" + arns.cluster("NAME") + ")"));
    }

    private static ApiException notFound() {
        return ApiException.clusterNotFound();
    }

    private ClusterView view(Cluster cluster) {
        return views(List.of(cluster)).getFirst();
    }

    private List<ClusterView> views(List<Cluster> list) {
        Map<Long, ClusterCounts> live = counts.countsFor(list.stream().map(Cluster::id).toList());
        return list.stream().map(c -> {
            ClusterCounts n = live.getOrDefault(c.id(), new ClusterCounts(0, 0, 0, 0, 0));
            List<ClusterView.KeyValue> stats = List.of(
                    new ClusterView.KeyValue("runningEC2TasksCount", String.valueOf(n.runningTasks())),
                    new ClusterView.KeyValue("pendingEC2TasksCount", String.valueOf(n.pendingTasks())),
                    new ClusterView.KeyValue("activeEC2ServiceCount", String.valueOf(n.activeServices())),
                    new ClusterView.KeyValue("drainingEC2ServiceCount", String.valueOf(n.drainingServices())));
            return new ClusterView(arns.cluster(c.name()), c.name(), c.status().name(),
                    n.registeredContainerInstances(), n.runningTasks(), n.pendingTasks(), n.activeServices(),
                    stats, settings(c), tags(c), c.version());
        }).toList();
    }

    private List<ClusterSetting> settings(Cluster c) {
        return json.readValue(c.settingsJson(), new TypeReference<List<ClusterSetting>>() { });
    }

    private List<Tag> tags(Cluster c) {
        return json.readValue(c.tagsJson(), new TypeReference<List<Tag>>() { });
    }
}
