package dev.gantry.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one task reserves on an instance, derived the ECS way: task-level CPU
 * and memory when set, else the sum over containers, using memoryReservation before memory; static
 * host ports per protocol, where host port 0 (or none) is dynamic and needs no static port, and in
 * {@code host} network mode the container port itself is the host port.
 */
public record TaskDemand(int cpu, int memory, Set<Integer> tcpPorts, Set<Integer> udpPorts) {

    public record Container(int cpu, Integer memory, Integer memoryReservation, List<PortMapping> portMappings) {
    }

    /** {@code protocol} is {@code tcp} or {@code udp}; {@code hostPort} may be null or 0. */
    public record PortMapping(int containerPort, Integer hostPort, String protocol) {
    }

    public static TaskDemand of(Integer taskCpu, Integer taskMemory, String networkMode, List<Container> containers) {
        int cpu = taskCpu != null ? taskCpu : containers.stream().mapToInt(Container::cpu).sum();
        int memory = taskMemory != null ? taskMemory : containers.stream().mapToInt(TaskDemand::containerMemory).sum();
        Set<Integer> tcp = new HashSet<>();
        Set<Integer> udp = new HashSet<>();
        boolean hostMode = "host".equals(networkMode);
        boolean noHostPorts = "awsvpc".equals(networkMode) || "none".equals(networkMode);
        for (Container container : containers) {
            for (PortMapping mapping : container.portMappings()) {
                int hostPort = hostMode ? mapping.containerPort() : mapping.hostPort() == null ? 0 : mapping.hostPort();
                if (hostPort != 0 && !noHostPorts) {
                    ("udp".equalsIgnoreCase(mapping.protocol()) ? udp : tcp).add(hostPort);
                }
            }
        }
        return new TaskDemand(cpu, memory, tcp, udp);
    }

    private static int containerMemory(Container container) {
        if (container.memoryReservation() != null) {
            return container.memoryReservation();
        }
        return container.memory() != null ? container.memory() : 0;
    }
}
