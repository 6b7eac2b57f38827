package dev.gantry.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Object mother for hosts: a valid ACTIVE, connected, empty 4 vCPU / 8 GiB instance unless told otherwise. */
final class Hosts {
    static final String ARN_PREFIX = "arn:aws:ecs:local:000000000000:container-instance/default/";

    private Hosts() {
    }

    static Builder host(String id) {
        return new Builder(id);
    }

    static String arn(String id) {
        return ARN_PREFIX + id;
    }

    static ClusterSnapshot cluster(Builder... hosts) {
        return new ClusterSnapshot(java.util.Arrays.stream(hosts).map(Builder::build).toList());
    }

    static PlacedTask groupTask(String id, String group) {
        return new PlacedTask(id, group, "web", null, 256, 512);
    }

    static PlacedTask serviceTask(String id, String service) {
        return new PlacedTask(id, "service:" + service, "web", service, 256, 512);
    }

    static final class Builder {
        private final String id;
        private String status = HostView.ACTIVE;
        private boolean connected = true;
        private int cpu = 4096;
        private int memory = 8192;
        private final Set<Integer> tcp = new HashSet<>(Set.of(22, 2375, 2376, 51678, 51679));
        private final Set<Integer> udp = new HashSet<>();
        private final Map<String, String> attributes = new HashMap<>();
        private final List<PlacedTask> tasks = new ArrayList<>();
        private String agentVersion = "1.80.0";
        private Instant registeredAt = Instant.parse("2024-01-01T00:00:00Z");

        private Builder(String id) {
            this.id = id;
        }

        Builder withCpu(int value) {
            cpu = value;
            return this;
        }

        Builder withMemory(int value) {
            memory = value;
            return this;
        }

        Builder withTcpPorts(Integer... ports) {
            tcp.addAll(List.of(ports));
            return this;
        }

        Builder withUdpPorts(Integer... ports) {
            udp.addAll(List.of(ports));
            return this;
        }

        Builder withAttribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        Builder inZone(String zone) {
            return withAttribute("ecs.availability-zone", zone);
        }

        Builder withTasks(PlacedTask... placed) {
            tasks.addAll(List.of(placed));
            return this;
        }

        Builder withStatus(String value) {
            status = value;
            return this;
        }

        Builder disconnected() {
            connected = false;
            return this;
        }

        Builder withAgentVersion(String value) {
            agentVersion = value;
            return this;
        }

        Builder registeredAt(String instant) {
            registeredAt = Instant.parse(instant);
            return this;
        }

        HostView build() {
            return new HostView(id, arn(id), status, connected, cpu, memory, tcp, udp, attributes, tasks,
                    agentVersion, registeredAt);
        }
    }
}
