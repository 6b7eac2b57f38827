package dev.gantry.placement;

import java.util.List;

/**
 * An immutable view of one cluster at one moment. The derived per-host indexes placement needs
 * (resource arrays, task counts per service or group, attribute buckets, memoised static
 * constraint results) are built once per snapshot, on first use, and shared by every placement
 * made against it; that is what keeps a decision free of O(hosts) allocation.
 */
public final class ClusterSnapshot {
    private final List<HostView> hosts;
    private volatile SnapshotIndex index;

    public ClusterSnapshot(List<HostView> hosts) {
        this.hosts = List.copyOf(hosts);
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
                    built = new SnapshotIndex(hosts);
                    index = built;
                }
            }
        }
        return built;
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[" + hosts.size() + " hosts]";
    }
}
