package dev.gantry.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable state of one placement run: the snapshot plus every task placed so far in this plan,
 * so that later tasks of a {@code count} see earlier ones. It also owns the feasibility pipeline.
 *
 * <p>Checks run in ECS order (ecs-semantics §2.1): instance state, required attributes, CPU,
 * memory, ports, then constraints. That order is also the cost order — array reads before set
 * lookups before expression evaluation — and it defines "closest": a host rejected at a later
 * stage got further, and its stage's reason is the one reported.
 */
final class WorkingState {
    static final int PASSED = Integer.MAX_VALUE;
    private static final int AGENT = 0;
    private static final int ATTRIBUTE = 1;
    private static final int CPU = 2;
    private static final int MEMORY = 3;
    private static final int PORTS = 4;
    private static final int FIRST_CONSTRAINT = 5;

    final SnapshotIndex index;
    private final PlacementRequest request;
    // Copy-on-write: these start as the snapshot's shared arrays and become private copies when the
    // first task is reserved, so a single-task placement copies nothing.
    int[] cpu;
    int[] memory;
    /** Tasks of the request's service (or group) per host: what spread and maxPerInstance count. */
    int[] sameKey;
    /** Tasks of the request's group per host: what distinctInstance counts. */
    int[] sameGroup;
    private boolean ownsArrays;
    /** Hosts passing every check that cannot change during this run; only these are scanned. */
    final BitSet eligible;
    private final List<ConstraintCheck> dynamicConstraints;
    private final BitSet attributeHolders;
    private final boolean needsPorts;
    private final Map<Integer, Set<Integer>> addedTcp = new HashMap<>();
    private final Map<Integer, Set<Integer>> addedUdp = new HashMap<>();
    private final Map<Integer, Integer> placedHere = new HashMap<>();
    private final List<ConstraintCheck> constraints;
    private final DynamicFacts facts = new DynamicFacts();

    WorkingState(SnapshotIndex index, PlacementRequest request) {
        this.index = index;
        this.request = request;
        this.cpu = index.cpu;
        this.memory = index.memory;
        this.sameKey = index.countsByKey(request.countingKey());
        this.sameGroup = request.serviceName() == null ? sameKey : index.countsByGroup(request.group());
        this.attributeHolders = request.requiredAttributes().isEmpty() ? null : index.holdersOf(request.requiredAttributes());
        this.needsPorts = !request.tcpPorts().isEmpty() || !request.udpPorts().isEmpty();
        this.constraints = ConstraintCheck.compile(request.constraints(), this);
        this.dynamicConstraints = constraints.stream().filter(check -> !check.isStatic()).toList();
        this.eligible = index.eligible(new SnapshotIndex.StaticFilter(request.requiredAttributes(),
                request.constraints().stream()
                        .flatMap(c -> c instanceof PlacementConstraint.MemberOf m && !m.expression().dynamic()
                                ? java.util.stream.Stream.of(m.expression()) : java.util.stream.Stream.empty())
                        .toList()));
    }

    /**
     * The scan's check for a host already known to be {@link #eligible}: only what placing tasks in
     * this run can change. Must agree with {@link #feasibility} on such hosts.
     */
    boolean feasibleEligible(int host) {
        if (cpu[host] < request.cpu() || memory[host] < request.memory()) {
            return false;
        }
        if (needsPorts && !portsFree(host)) {
            return false;
        }
        for (int c = 0; c < dynamicConstraints.size(); c++) {
            if (!dynamicConstraints.get(c).allows(host)) {
                return false;
            }
        }
        return true;
    }

    PlacementRequest request() {
        return request;
    }

    /** {@link #PASSED}, or the stage at which the host was rejected. */
    int feasibility(int host) {
        if (!index.acceptsTasks[host]) {
            return AGENT;
        }
        if (attributeHolders != null && !attributeHolders.get(host)) {
            return ATTRIBUTE;
        }
        if (cpu[host] < request.cpu()) {
            return CPU;
        }
        if (memory[host] < request.memory()) {
            return MEMORY;
        }
        if (needsPorts && !portsFree(host)) {
            return PORTS;
        }
        for (int c = 0; c < constraints.size(); c++) {
            if (!constraints.get(c).allows(host)) {
                return FIRST_CONSTRAINT + c;
            }
        }
        return PASSED;
    }

    String reasonFor(int stage) {
        return switch (stage) {
            case AGENT -> Reasons.AGENT;
            case ATTRIBUTE -> Reasons.ATTRIBUTE;
            case CPU -> Reasons.CPU;
            case MEMORY -> Reasons.MEMORY;
            case PORTS -> Reasons.PORTS;
            default -> constraints.get(stage - FIRST_CONSTRAINT).reason();
        };
    }

    /** Only resource, port, state and attribute checks: what StartTask still applies. */
    int resourceFeasibility(int host) {
        int stage = feasibility(host);
        return stage >= FIRST_CONSTRAINT ? PASSED : stage;
    }

    private boolean portsFree(int host) {
        HostView view = index.hosts[host];
        return free(request.tcpPorts(), view.usedTcpPorts(), addedTcp.get(host))
                && free(request.udpPorts(), view.usedUdpPorts(), addedUdp.get(host));
    }

    private static boolean free(Set<Integer> wanted, Set<Integer> used, Set<Integer> usedInPlan) {
        for (Integer port : wanted) {
            if (used.contains(port) || (usedInPlan != null && usedInPlan.contains(port))) {
                return false;
            }
        }
        return true;
    }

    /** Reserve one task of the request on {@code host}. */
    void place(int host) {
        if (!ownsArrays) {
            cpu = cpu.clone();
            memory = memory.clone();
            boolean shared = sameGroup == sameKey;
            sameKey = sameKey.clone();
            sameGroup = shared ? sameKey : sameGroup.clone();
            ownsArrays = true;
        }
        cpu[host] -= request.cpu();
        memory[host] -= request.memory();
        sameKey[host]++;
        if (sameGroup != sameKey) {
            sameGroup[host]++;
        }
        if (needsPorts) {
            addedTcp.computeIfAbsent(host, h -> new HashSet<>()).addAll(request.tcpPorts());
            addedUdp.computeIfAbsent(host, h -> new HashSet<>()).addAll(request.udpPorts());
        }
        placedHere.merge(host, 1, Integer::sum);
    }

    boolean touched(int host) {
        return !placedHere.isEmpty() && placedHere.containsKey(host);
    }

    /** Hosts that received a task earlier in this run. */
    Set<Integer> touchedHosts() {
        return placedHere.keySet();
    }

    /** The query-language view of a host including this plan's tasks; reused, not thread-safe. */
    HostFacts factsOf(int host) {
        facts.host = host;
        return facts;
    }

    private final class DynamicFacts implements HostFacts {
        private int host;

        @Override
        public String attribute(String name) {
            return index.hosts[host].attributes().get(name);
        }

        @Override
        public String instanceId() {
            return index.hosts[host].instanceId();
        }

        @Override
        public boolean agentConnected() {
            return index.hosts[host].agentConnected();
        }

        @Override
        public String agentVersion() {
            return index.hosts[host].agentVersion();
        }

        @Override
        public Instant registeredAt() {
            return index.hosts[host].registeredAt();
        }

        @Override
        public int runningTasksCount() {
            return index.hosts[host].runningTasksCount() + placedHere.getOrDefault(host, 0);
        }

        @Override
        public List<String> taskGroups() {
            List<String> groups = new ArrayList<>();
            index.hosts[host].tasks().forEach(task -> groups.add(task.group()));
            groups.addAll(Collections.nCopies(placedHere.getOrDefault(host, 0), request.group()));
            return groups;
        }
    }
}
