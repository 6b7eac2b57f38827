package dev.gantry.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable view of one cluster at one moment. The derived per-host indexes placement needs
 * (resource arrays, task counts per service or group, attribute buckets, memoised static
 * constraint results) are built once per snapshot, on first use, and shared by every placement
 * made against it; that is what keeps a decision free of O(hosts) allocation. A snapshot made by
 * placing tasks ({@link #withPlaced}) derives its index from its predecessor's, updating only the
 * assigned hosts (docs/design/placement-batch.md).
 */
public final class ClusterSnapshot {
    private final List<HostView> hosts;
    private volatile SnapshotIndex index;
    /** For a snapshot made by placing tasks: its predecessor's index and what was placed; dropped once the index is built. */
    private SnapshotIndex placedOnto;
    private HostView[] placedHosts;
    private TaskCensus.Placed placed;

    public ClusterSnapshot(List<HostView> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    private ClusterSnapshot(HostView[] hosts, SnapshotIndex placedOnto, TaskCensus.Placed placed) {
        // a view of an array no one else writes: the hosts are not copied a second time
        this.hosts = Collections.unmodifiableList(Arrays.asList(hosts));
        this.placedOnto = placedOnto;
        this.placedHosts = hosts;
        this.placed = placed;
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
                    built = placedOnto == null ? new SnapshotIndex(hosts) : placedOnto.placed(placedHosts, placed);
                    index = built;
                    placedOnto = null;
                    placedHosts = null;
                    placed = null;
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
     * one's memos of those (attribute buckets, static constraint matches, eligible hosts); what tasks change (remaining
     * resources, task counts and the hosts sorted by them) it takes from this one's and updates for the assigned hosts
     * only, in copies: this snapshot decides exactly as before. A batch of asks pays the full index build once.
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
        SnapshotIndex from = index();
        TreeMap<Integer, List<PlacedTask>> added = new TreeMap<>();
        for (int i = 0; i < placed.size(); i++) {
            int position = from.positionOf(plan.assignments().get(i).instanceId());
            if (position >= 0) {
                added.computeIfAbsent(position, k -> new ArrayList<>()).add(placed.get(i));
            }
        }
        if (added.isEmpty()) {
            return this;
        }
        HostView[] next = from.hosts.clone();
        int[] positions = new int[added.size()];
        List<List<PlacedTask>> tasks = new ArrayList<>(added.size());
        int i = 0;
        for (Map.Entry<Integer, List<PlacedTask>> e : added.entrySet()) {
            int position = e.getKey();
            next[position] = next[position].with(e.getValue(), request.tcpPorts(), request.udpPorts());
            positions[i++] = position;
            tasks.add(List.copyOf(e.getValue()));
        }
        return new ClusterSnapshot(next, from, new TaskCensus.Placed(positions, List.copyOf(tasks)));
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[" + hosts.size() + " hosts]";
    }
}
