package dev.gantry.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One container instance as placement sees it: what is left on it, what it is, and what runs there.
 *
 * @param instanceId      the instance id ({@code ec2InstanceId} in the query language)
 * @param status          ECS status: ACTIVE, DRAINING, ... — only ACTIVE instances take tasks
 * @param usedTcpPorts    the instance's remaining {@code PORTS} set: reserved plus held by tasks
 * @param usedUdpPorts    the same for {@code PORTS_UDP}
 * @param tasks           the non-stopped tasks on the instance
 * @param registeredAt    may be {@code null} when unknown
 */
public record HostView(
        String instanceId,
        String instanceArn,
        String status,
        boolean agentConnected,
        int remainingCpu,
        int remainingMemory,
        Set<Integer> usedTcpPorts,
        Set<Integer> usedUdpPorts,
        Map<String, String> attributes,
        List<PlacedTask> tasks,
        String agentVersion,
        Instant registeredAt) {

    public static final String ACTIVE = "ACTIVE";

    public HostView {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(instanceArn, "instanceArn");
        Objects.requireNonNull(status, "status");
        usedTcpPorts = Set.copyOf(usedTcpPorts);
        usedUdpPorts = Set.copyOf(usedUdpPorts);
        attributes = Map.copyOf(attributes);
        tasks = List.copyOf(tasks);
    }

    /** ECS counts tasks whose desired status is RUNNING; every non-stopped task we hold is one. */
    public int runningTasksCount() {
        return tasks.size();
    }

    /** This host with more tasks on it: their CPU and memory taken, and per task the static ports given. */
    HostView with(List<PlacedTask> more, Set<Integer> tcpPortsEach, Set<Integer> udpPortsEach) {
        int cpu = remainingCpu;
        int memory = remainingMemory;
        for (PlacedTask t : more) {
            cpu -= t.cpu();
            memory -= t.memory();
        }
        Set<Integer> tcp = new HashSet<>(usedTcpPorts);
        tcp.addAll(tcpPortsEach);
        Set<Integer> udp = new HashSet<>(usedUdpPorts);
        udp.addAll(udpPortsEach);
        List<PlacedTask> all = new ArrayList<>(tasks);
        all.addAll(more);
        return new HostView(instanceId, instanceArn, status, agentConnected, cpu, memory, tcp, udp, attributes, all,
                agentVersion, registeredAt);
    }

    /** Only ACTIVE, agent-connected instances are ever considered, as in ECS: DRAINING ones take no new tasks. */
    public boolean acceptsTasks() {
        return agentConnected && ACTIVE.equals(status);
    }
}
