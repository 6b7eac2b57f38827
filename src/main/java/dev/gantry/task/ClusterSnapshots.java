package dev.gantry.task;

import dev.gantry.shared.ServiceId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.HostSnapshots;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.HostView;
import dev.gantry.placement.PlacedTask;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the immutable placement snapshot of a cluster from two queries: its ACTIVE and DRAINING
 * instances (the instance module's), and its non-STOPPED tasks with their group; each task's family and service
 * name come from their owners (taskdef, service) through caches, since neither ever changes.
 */
@Component
public class ClusterSnapshots implements HostSnapshots {

    /** Gantry reports its own version as the agent version hosts are compared by. */
    public static final String AGENT_VERSION = "1.0.0";

    private final ContainerInstanceRepository instances;
    private final JdbcClient jdbc;
    private final ClusterDirectory clusters;
    private final Arns arns;

    private final TaskDefinitionManagement definitions;
    private final ServiceNames serviceNames;
    private final Cache<Long, String> familyById;

    ClusterSnapshots(ContainerInstanceRepository instances, JdbcClient jdbc, ClusterDirectory clusters,
            GantryProperties properties, TaskDefinitionManagement definitions, ServiceNames serviceNames,
            @Value("${gantry.caches.names:100000}") long maximumSize) {
        this.definitions = definitions;
        this.serviceNames = serviceNames;
        this.familyById = Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.instances = instances;
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.arns = properties.arns();
    }

    @Override
    public ClusterSnapshot snapshot(long clusterId) {
        String clusterName = clusters.name(clusterId);
        record Row(String id, String instanceId, String group, long definitionId, Long serviceId, int cpu, int memory) {
        }
        List<Row> rows = jdbc.sql("""
                SELECT t.id, t.container_instance_id, t.group_name, t.task_definition_id, t.service_id, t.cpu, t.memory
                FROM task t
                WHERE t.cluster_id = :c AND t.last_status <> 'STOPPED' AND t.container_instance_id IS NOT NULL""")
                .param("c", clusterId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getObject(5, Long.class), rs.getInt(6), rs.getInt(7)))
                .list();
        Map<Long, String> families = families(rows.stream().map(Row::definitionId).collect(Collectors.toSet()));
        Map<String, List<PlacedTask>> byInstance = new HashMap<>();
        for (Row r : rows) {
            byInstance.computeIfAbsent(r.instanceId(), k -> new ArrayList<>()).add(new PlacedTask(r.id(), r.group(),
                    families.get(r.definitionId()), serviceNames.of(ServiceId.ofNullable(r.serviceId())).orElse(null), r.cpu(), r.memory()));
        }
        List<HostView> hosts = new ArrayList<>();
        for (ContainerInstance i : instances.listByCluster(clusterId, List.of(ContainerInstance.Status.ACTIVE, ContainerInstance.Status.DRAINING))) {
            hosts.add(hostView(clusterName, i, byInstance.getOrDefault(i.id(), List.of())));
        }
        return new ClusterSnapshot(hosts);
    }

    /** A revision's family never changes: each is read from the taskdef module once and kept while used. */
    private Map<Long, String> families(Set<Long> definitionIds) {
        Map<Long, String> known = new HashMap<>(familyById.getAllPresent(definitionIds));
        Set<Long> missing = new HashSet<>(definitionIds);
        missing.removeAll(known.keySet());
        if (!missing.isEmpty()) {
            Map<Long, String> read = definitions.familiesOf(missing);
            familyById.putAll(read);
            known.putAll(read);
        }
        return known;
    }

    private HostView hostView(String clusterName, ContainerInstance i, List<PlacedTask> tasks) {
        Map<String, String> attributes = new HashMap<>();
        // name-only (capability) attributes carry no value; placement treats "" as present
        i.attributes().forEach((k, v) -> attributes.put(k, v == null ? "" : v));
        return new HostView(i.id(), arns.containerInstance(clusterName, i.id()), i.status().name(), i.agentConnected(),
                i.remainingCpu(), i.remainingMemory(), new LinkedHashSet<>(i.usedTcpPorts()),
                new LinkedHashSet<>(i.usedUdpPorts()), attributes, tasks, AGENT_VERSION, i.registeredAt());
    }
}
