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
 * <p>Checks run in ECS order: instance state, required attributes, CPU,
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
    // The snapshot's shared arrays, never written. Every task of a run is identical, so the run's own
    // reservations are just "tasks placed here × demand", kept per touched host: nothing is copied,
    // and reading an untouched host costs one bit test.
    private final int[] cpu;
    private final int[] memory;
    private final int[] sameKey;
    private final int[] sameGroup;
    private BitSet touched;
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
        if (cpuOf(host) < request.cpu() || memoryOf(host) < request.memory()) {
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
        if (cpuOf(host) < request.cpu()) {
            return CPU;
        }
        if (memoryOf(host) < request.memory()) {
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
        if (touched == null) {
            touched = new BitSet(index.size);
        }
        touched.set(host);
        if (needsPorts) {
            addedTcp.computeIfAbsent(host, h -> new HashSet<>()).addAll(request.tcpPorts());
            addedUdp.computeIfAbsent(host, h -> new HashSet<>()).addAll(request.udpPorts());
        }
        placedHere.merge(host, 1, Integer::sum);
    }

    boolean touched(int host) {
        return touched != null && touched.get(host);
    }

    private int placedOn(int host) {
        return touched(host) ? placedHere.get(host) : 0;
    }

    int cpuOf(int host) {
        return cpu[host] - placedOn(host) * request.cpu();
    }

    int memoryOf(int host) {
        return memory[host] - placedOn(host) * request.memory();
    }

    /** Tasks of the request's service (or group) here: what spread and maxPerInstance count. */
    int sameKeyOf(int host) {
        return sameKey[host] + placedOn(host);
    }

    /** Tasks of the request's group here: what distinctInstance counts. */
    int sameGroupOf(int host) {
        return sameGroup[host] + placedOn(host);
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
            return index.hosts[host].runningTasksCount() + placedOn(host);
        }

        @Override
        public List<String> taskGroups() {
            List<String> groups = new ArrayList<>();
            index.hosts[host].tasks().forEach(task -> groups.add(task.group()));
            groups.addAll(Collections.nCopies(placedOn(host), request.group()));
            return groups;
        }
    }
}
