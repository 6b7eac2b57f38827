package dev.gantry.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable test-side model of a cluster: builds snapshots, applies plans, and is the brute-force
 * oracle properties compare the engine with. Deliberately written differently from the engine.
 */
final class ClusterModel {
    static final List<String> ZONES = List.of("a", "b", "c");
    static final List<String> COLORS = List.of("red", "green", "blue");
    static final List<Integer> PORTS = List.of(80, 443, 8080, 53);

    static final class Host {
        final String id;
        final boolean usable;
        final Map<String, String> attributes;
        int cpu;
        int memory;
        final Set<Integer> tcp = new HashSet<>();
        final Set<Integer> udp = new HashSet<>();
        final List<PlacedTask> tasks = new ArrayList<>();

        Host(String id, boolean usable, Map<String, String> attributes, int cpu, int memory) {
            this.id = id;
            this.usable = usable;
            this.attributes = attributes;
            this.cpu = cpu;
            this.memory = memory;
        }

        HostView view() {
            return new HostView(id, Hosts.arn(id), usable ? HostView.ACTIVE : "DRAINING", true, cpu, memory, tcp, udp,
                    attributes, tasks, "1.80.0", null);
        }
    }

    final List<Host> hosts = new ArrayList<>();
    private int nextTask;

    static ClusterModel random(Gen gen, int maxHosts) {
        ClusterModel model = new ClusterModel();
        for (int i = gen.between(1, maxHosts); i > 0; i--) {
            Map<String, String> attributes = new HashMap<>(Map.of("ecs.availability-zone", gen.pick(ZONES)));
            if (gen.chance(80)) {
                attributes.put("color", gen.pick(COLORS));
            }
            Host host = new Host("h" + i, gen.chance(90), attributes, 128 * gen.between(0, 32), 256 * gen.between(0, 32));
            host.tcp.addAll(gen.someOf(PORTS, 20));
            host.udp.addAll(gen.someOf(PORTS, 20));
            for (int t = gen.between(0, 3); t > 0; t--) {
                host.tasks.add(gen.chance(50) ? new PlacedTask("pre" + model.nextTask++, "g" + gen.between(1, 2), "f", null, 0, 0)
                        : new PlacedTask("pre" + model.nextTask++, "service:s1", "f", "s1", 0, 0));
            }
            model.hosts.add(host);
        }
        return model;
    }

    /** Equal-capacity, usable, empty hosts spread over the zones in turn. */
    static ClusterModel uniform(int count, int cpu, int memory) {
        ClusterModel model = new ClusterModel();
        for (int i = 0; i < count; i++) {
            model.hosts.add(new Host("h" + i, true, Map.of("ecs.availability-zone", ZONES.get(i % ZONES.size())), cpu, memory));
        }
        return model;
    }

    ClusterSnapshot snapshot() {
        return new ClusterSnapshot(hosts.stream().map(Host::view).toList());
    }

    Host host(String id) {
        return hosts.stream().filter(h -> h.id.equals(id)).findFirst().orElseThrow();
    }

    /** The oracle: may this task go to this host now? Written from the spec, not from the engine. */
    boolean feasible(Host host, PlacementRequest request) {
        if (!host.usable || host.cpu < request.cpu() || host.memory < request.memory()) {
            return false;
        }
        if (request.tcpPorts().stream().anyMatch(host.tcp::contains) || request.udpPorts().stream().anyMatch(host.udp::contains)) {
            return false;
        }
        if (!host.attributes.keySet().containsAll(request.requiredAttributes())) {
            return false;
        }
        return request.constraints().stream().allMatch(constraint -> holds(constraint, host, request));
    }

    private static boolean holds(PlacementConstraint constraint, Host host, PlacementRequest request) {
        return switch (constraint) {
            case PlacementConstraint.DistinctInstance d -> host.tasks.stream().noneMatch(t -> t.group().equals(request.group()));
            case PlacementConstraint.MaxPerInstance m -> sameServiceOrGroup(host, request) < m.max();
            case PlacementConstraint.MemberOf m -> m.expression().matches(host.view());
        };
    }

    static long sameServiceOrGroup(Host host, PlacementRequest request) {
        return host.tasks.stream().filter(t -> request.serviceName() != null
                ? request.serviceName().equals(t.serviceName())
                : t.serviceName() == null && t.group().equals(request.group())).count();
    }

    void apply(Host host, PlacementRequest request) {
        host.cpu -= request.cpu();
        host.memory -= request.memory();
        host.tcp.addAll(request.tcpPorts());
        host.udp.addAll(request.udpPorts());
        host.tasks.add(new PlacedTask("new" + nextTask++, request.group(), "f", request.serviceName(), request.cpu(), request.memory()));
    }
}
