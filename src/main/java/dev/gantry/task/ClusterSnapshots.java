package dev.gantry.task;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.HostSnapshots;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.HostView;
import dev.gantry.placement.PlacedTask;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the immutable placement snapshot of a cluster from two queries: its ACTIVE and DRAINING
 * instances, and its non-STOPPED tasks with their group, family and service.
 */
@Component
public class ClusterSnapshots implements HostSnapshots {

    /** Gantry reports its own version as the agent version hosts are compared by. */
    public static final String AGENT_VERSION = "1.0.0";

    private final ContainerInstanceRepository instances;
    private final JdbcClient jdbc;
    private final ClusterDirectory clusters;
    private final Arns arns;

    ClusterSnapshots(ContainerInstanceRepository instances, JdbcClient jdbc, ClusterDirectory clusters,
            GantryProperties properties) {
        this.instances = instances;
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.arns = properties.arns();
    }

    @Override
    public ClusterSnapshot snapshot(long clusterId) {
        String clusterName = clusters.name(clusterId);
        Map<String, List<PlacedTask>> byInstance = new HashMap<>();
        jdbc.sql("""
                SELECT t.id, t.container_instance_id, t.group_name, td.family, s.name, t.cpu, t.memory
                FROM task t JOIN task_definition td ON td.id = t.task_definition_id
                LEFT JOIN service s ON s.id = t.service_id
                WHERE t.cluster_id = :c AND t.last_status <> 'STOPPED' AND t.container_instance_id IS NOT NULL""")
                .param("c", clusterId)
                .query((rs, n) -> {
                    byInstance.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new PlacedTask(rs.getString(1),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7)));
                    return null;
                }).list();
        List<HostView> hosts = new ArrayList<>();
        for (ContainerInstance i : instances.listByCluster(clusterId, List.of("ACTIVE", "DRAINING"))) {
            hosts.add(hostView(clusterName, i, byInstance.getOrDefault(i.id(), List.of())));
        }
        return new ClusterSnapshot(hosts);
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
