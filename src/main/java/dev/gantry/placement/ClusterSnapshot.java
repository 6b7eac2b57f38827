package dev.gantry.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of one cluster at one moment. The derived per-host indexes placement needs
 * (resource arrays, task counts per service or group, attribute buckets, memoised static
 * constraint results) are built once per snapshot, on first use, and shared by every placement
 * made against it; that is what keeps a decision free of O(hosts) allocation.
 */
public final class ClusterSnapshot {
    private final List<HostView> hosts;
    private volatile SnapshotIndex index;
    /** The index of the snapshot this one was made from by placing tasks; dropped once this one's index is built. */
    private SnapshotIndex placedOnto;

    public ClusterSnapshot(List<HostView> hosts) {
        this(hosts, null);
    }

    private ClusterSnapshot(List<HostView> hosts, SnapshotIndex placedOnto) {
        this.hosts = List.copyOf(hosts);
        this.placedOnto = placedOnto;
    }

    public List<HostView> hosts() {
        return hosts;
    }

    SnapshotIndex index() {
        SnapshotIndex built = index;
        if (built == null) {
            synchronized (this) {
                built = index;
                if (built == null) {
                    built = new SnapshotIndex(hosts, placedOnto);
                    index = built;
                    placedOnto = null;
                }
            }
        }
        return built;
    }

    /**
     * This snapshot after a plan was made against it: each assigned host also holds the new task and has its CPU,
     * memory and the request's static ports taken. A batch of placements is made against one snapshot read, each
     * seeing the ones before it, as the placements of one request see each other.
     *
     * <p>Placing tasks changes no host's identity, status, connection or attributes, so the new snapshot shares this
     * one's memos of those (attribute buckets, static constraint matches, eligible hosts) and builds only what the
     * tasks change (resources, task counts): a batch of asks pays the full index build once, not once per ask.
     *
     * @param placed the new tasks, in the order of {@code plan.assignments()}
     */
    public ClusterSnapshot withPlaced(PlacementPlan plan, PlacementRequest request, List<PlacedTask> placed) {
        if (plan.assignments().size() != placed.size()) {
            throw new IllegalArgumentException("one placed task per assignment: " + plan.assignments().size() + " != " + placed.size());
        }
        if (placed.isEmpty()) {
            return this;
        }
        Map<String, List<PlacedTask>> added = new HashMap<>();
        for (int i = 0; i < placed.size(); i++) {
            added.computeIfAbsent(plan.assignments().get(i).instanceId(), k -> new ArrayList<>()).add(placed.get(i));
        }
        List<HostView> next = new ArrayList<>(hosts.size());
        for (HostView h : hosts) {
            List<PlacedTask> more = added.get(h.instanceId());
            next.add(more == null ? h : h.with(more, request.tcpPorts(), request.udpPorts()));
        }
        return new ClusterSnapshot(next, index);
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[" + hosts.size() + " hosts]";
    }
}
