package dev.gantry.placement;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only per-host arrays and memoised facts derived from one snapshot. Hosts are addressed by
 * their position in the snapshot. Everything here is either final or computed at most once per key
 * (concurrent maps), so one snapshot may serve several placements, even from several threads.
 * An index made by placing tasks on another ({@link #placed}) never writes into its predecessor's
 * arrays: it copies what it updates and shares the rest, so both decide as if read afresh.
 */
final class SnapshotIndex {
    final int size;
    final HostView[] hosts;
    final int[] cpu;
    final int[] memory;
    final boolean[] acceptsTasks;
    // Facts of the hosts themselves (identity, status, connection, attributes): a snapshot made by placing tasks on
    // another (ClusterSnapshot.withPlaced) has the same ones, so it shares these memos instead of building them again.
    private final Map<String, Integer> positionById;
    private final Map<String, AttributeBuckets> bucketsByAttribute;
    private final Map<ConstraintExpression, BitSet> staticMatches;
    private final Map<Set<String>, BitSet> attributeHolders;
    private final Map<StaticFilter, BitSet> eligible;
    // Facts that placing tasks changes (resources, task counts): in a snapshot read afresh built on first use from the
    // census (one pass over every host's tasks for all keys); in one made by placing, carried over from the
    // predecessor's memos and updated for the assigned hosts only (or, for a key the predecessor never counted,
    // from the census, which is carried over the same way).
    static final int MAX_CHAIN = 16;
    private final SnapshotIndex before;
    private final TaskCensus.Placed placed;
    private final int depth;
    private volatile TaskCensus census;
    private final Map<String, int[]> countsByKey = new ConcurrentHashMap<>();
    private final Map<String, int[]> countsByGroup = new ConcurrentHashMap<>();
    private final Map<String, int[]> countsPerValue = new ConcurrentHashMap<>();

    private final Map<String, SortedHosts> sortedHosts = new ConcurrentHashMap<>();

    /**
     * Hosts that accept tasks, per attribute value, sorted by remaining CPU or memory ascending;
     * {@code levelsByValue[v][i]} is the remaining amount of {@code hostsByValue[v][i]}.
     */
    record SortedHosts(int[][] hostsByValue, int[][] levelsByValue) {

        static SortedHosts of(int[] valueOf, int values, int[] level, boolean[] included) {
            long[][] packed = new long[values][];
            int[] sizes = new int[values];
            for (int h = 0; h < valueOf.length; h++) {
                sizes[valueOf[h]] += included[h] ? 1 : 0;
            }
            for (int v = 0; v < values; v++) {
                packed[v] = new long[sizes[v]];
                sizes[v] = 0;
            }
            // (level, host) packed into one long sorts by level, then host, without boxing.
            for (int h = 0; h < valueOf.length; h++) {
                if (included[h]) {
                    packed[valueOf[h]][sizes[valueOf[h]]++] = ((long) level[h] << 32) | h;
                }
            }
            int[][] hostsByValue = new int[values][];
            int[][] levelsByValue = new int[values][];
            for (int v = 0; v < values; v++) {
                java.util.Arrays.sort(packed[v]);
                hostsByValue[v] = new int[packed[v].length];
                levelsByValue[v] = new int[packed[v].length];
                for (int i = 0; i < packed[v].length; i++) {
                    hostsByValue[v][i] = (int) packed[v][i];
                    levelsByValue[v][i] = (int) (packed[v][i] >> 32);
                }
            }
            return new SortedHosts(hostsByValue, levelsByValue);
        }

        /**
         * These sorted hosts after the hosts at {@code positions} moved from {@code before[h]} to {@code after[h]}: only
         * the values holding a moved host get new arrays (the moved hosts taken out, then merged back in at their new
         * level); the others are shared. This one is not changed.
         */
        SortedHosts moved(int[] positions, int[] valueOf, int[] before, int[] after, boolean[] included) {
            int[][] hostsByValue = this.hostsByValue.clone();
            int[][] levelsByValue = this.levelsByValue.clone();
            java.util.BitSet movedHosts = new java.util.BitSet();
            java.util.BitSet movedValues = new java.util.BitSet();
            for (int h : positions) {
                if (included[h] && before[h] != after[h]) {
                    movedHosts.set(h);
                    movedValues.set(valueOf[h]);
                }
            }
            for (int v = movedValues.nextSetBit(0); v >= 0; v = movedValues.nextSetBit(v + 1)) {
                int[] oldHosts = this.hostsByValue[v];
                int[] oldLevels = this.levelsByValue[v];
                long[] moving = positionsIn(positions, movedHosts, valueOf, v, after);
                int[] newHosts = new int[oldHosts.length];
                int[] newLevels = new int[oldHosts.length];
                int n = 0;
                int m = 0;
                for (int i = 0; i <= oldHosts.length; i++) {
                    long old = i == oldHosts.length ? Long.MAX_VALUE : ((long) oldLevels[i] << 32) | oldHosts[i];
                    if (i < oldHosts.length && movedHosts.get(oldHosts[i])) {
                        continue;
                    }
                    // (level, host) as one long orders as SortedHosts.of does
                    while (m < moving.length && moving[m] < old) {
                        newHosts[n] = (int) moving[m];
                        newLevels[n++] = (int) (moving[m++] >> 32);
                    }
                    if (i < oldHosts.length) {
                        newHosts[n] = oldHosts[i];
                        newLevels[n++] = oldLevels[i];
                    }
                }
                hostsByValue[v] = newHosts;
                levelsByValue[v] = newLevels;
            }
            return new SortedHosts(hostsByValue, levelsByValue);
        }

        private static long[] positionsIn(int[] positions, java.util.BitSet movedHosts, int[] valueOf, int value, int[] level) {
            return java.util.Arrays.stream(positions).filter(h -> movedHosts.get(h) && valueOf[h] == value)
                    .mapToLong(h -> ((long) level[h] << 32) | h).sorted().toArray();
        }
    }

    /**
     * @param attribute null for one group holding every host
     * @param levelName what the hosts are sorted by: {@code cpu}, {@code memory}, or a counting key
     *                  (tasks of that service or group per host)
     */
    SortedHosts sortedHosts(String attribute, String levelName) {
        return sortedHosts.computeIfAbsent(attribute + "\u0001" + levelName, key -> {
            int[] valueOf = attribute == null ? new int[size] : buckets(attribute).valueOf();
            int values = attribute == null ? 1 : buckets(attribute).valueCount();
            int[] level = level(levelName);
            SortedHosts earlier = before == null ? null : before.sortedHosts.get(key);
            int[] earlierLevel = earlier == null ? null : before.levelIfKnown(levelName);
            return earlierLevel != null ? earlier.moved(placed.positions(), valueOf, earlierLevel, level, acceptsTasks)
                    : SortedHosts.of(valueOf, values, level, acceptsTasks);
        });
    }

    private int[] level(String levelName) {
        return switch (levelName) {
            case "cpu" -> cpu;
            case "memory" -> memory;
            default -> countsByKey(levelName);
        };
    }

    /** The level array if this index has it already (counts are memos), else null: never builds. */
    private int[] levelIfKnown(String levelName) {
        return switch (levelName) {
            case "cpu" -> cpu;
            case "memory" -> memory;
            default -> countsByKey.get(levelName);
        };
    }

    /** The parts of a request's feasibility that depend on the snapshot only. */
    record StaticFilter(Set<String> requiredAttributes, List<ConstraintExpression> staticExpressions) {
    }

    /**
     * The hosts grouped by the value of one attribute: {@code valueOf[host]} is a dense value id,
     * 0 standing for "attribute absent" (such hosts form a bucket of their own for spread).
     */
    record AttributeBuckets(int[] valueOf, int valueCount) {
    }

    /** The index of hosts read afresh: every memo built here, on first use. */
    SnapshotIndex(List<HostView> hostList) {
        size = hostList.size();
        hosts = hostList.toArray(HostView[]::new);
        cpu = new int[size];
        memory = new int[size];
        acceptsTasks = new boolean[size];
        positionById = new HashMap<>();
        bucketsByAttribute = new ConcurrentHashMap<>();
        staticMatches = new ConcurrentHashMap<>();
        attributeHolders = new ConcurrentHashMap<>();
        eligible = new ConcurrentHashMap<>();
        before = null;
        placed = null;
        depth = 0;
        for (int i = 0; i < size; i++) {
            cpu[i] = hosts[i].remainingCpu();
            memory[i] = hosts[i].remainingMemory();
            acceptsTasks[i] = hosts[i].acceptsTasks();
            positionById.putIfAbsent(hosts[i].instanceId(), i);
            positionById.putIfAbsent(hosts[i].instanceArn(), i);
        }
    }

    /**
     * The index of {@code before}'s hosts after tasks were placed on some of them ({@link ClusterSnapshot#withPlaced}):
     * {@code nextHosts} is {@code before}'s hosts with the assigned ones replaced. Placing tasks changes no host's
     * identity, status, connection or attributes, so those memos are shared; what tasks change (remaining CPU and
     * memory, task counts, the hosts sorted by them) is carried over from {@code before} and updated for the assigned
     * hosts only. {@code before} is not changed: every array updated here is a copy.
     */
    private SnapshotIndex(SnapshotIndex before, HostView[] nextHosts, TaskCensus.Placed placed) {
        size = before.size;
        hosts = nextHosts;
        cpu = before.cpu.clone();
        memory = before.memory.clone();
        acceptsTasks = before.acceptsTasks;
        positionById = before.positionById;
        bucketsByAttribute = before.bucketsByAttribute;
        staticMatches = before.staticMatches;
        attributeHolders = before.attributeHolders;
        eligible = before.eligible;
        for (int p : placed.positions()) {
            cpu[p] = hosts[p].remainingCpu();
            memory[p] = hosts[p].remainingMemory();
        }
        // a long chain would keep every predecessor reachable; past MAX_CHAIN the counts start again from the hosts
        boolean chained = before.depth < MAX_CHAIN;
        this.before = chained ? before : null;
        this.placed = chained ? placed : null;
        this.depth = chained ? before.depth + 1 : 0;
        if (chained) {
            census = before.census().placed(placed);
        }
    }

    /** This index's hosts with tasks placed on some: {@code nextHosts} replaces the hosts at {@code placed.positions()}. */
    SnapshotIndex placed(HostView[] nextHosts, TaskCensus.Placed placed) {
        if (nextHosts.length != size) {
            throw new IllegalArgumentException("not the same hosts: " + nextHosts.length + " != " + size);
        }
        return new SnapshotIndex(this, nextHosts, placed);
    }

    /** Position of the host with this instance id or ARN, or -1. */
    int positionOf(String idOrArn) {
        return positionById.getOrDefault(idOrArn, -1);
    }

    private TaskCensus census() {
        TaskCensus built = census;
        if (built == null) {
            synchronized (this) {
                built = census;
                if (built == null) {
                    built = TaskCensus.of(hosts);
                    census = built;
                }
            }
        }
        return built;
    }

    /** Tasks per host counted by {@link PlacedTask#countingKey()}; callers must not modify the array. */
    int[] countsByKey(String key) {
        return countsByKey.computeIfAbsent(key, k -> {
            int[] earlier = before == null ? null : before.countsByKey.get(k);
            return earlier != null ? plusPlaced(earlier, task -> task.countingKey().equals(k)) : census().ofKey(k).dense(size);
        });
    }

    /** Tasks per host of one task group (what distinctInstance counts). */
    int[] countsByGroup(String group) {
        return countsByGroup.computeIfAbsent(group, g -> {
            int[] earlier = before == null ? null : before.countsByGroup.get(g);
            return earlier != null ? plusPlaced(earlier, task -> task.group().equals(g)) : census().ofGroup(g).dense(size);
        });
    }

    /** A copy of a predecessor's counts per host, with the placed tasks counted. */
    private int[] plusPlaced(int[] earlier, java.util.function.Predicate<PlacedTask> counted) {
        int[] counts = earlier.clone();
        for (int i = 0; i < placed.positions().length; i++) {
            for (PlacedTask task : placed.tasks().get(i)) {
                if (counted.test(task)) {
                    counts[placed.positions()[i]]++;
                }
            }
        }
        return counts;
    }

    AttributeBuckets buckets(String attribute) {
        return bucketsByAttribute.computeIfAbsent(attribute, name -> {
            Map<String, Integer> ids = new HashMap<>();
            int[] valueOf = new int[size];
            for (int i = 0; i < size; i++) {
                String value = hosts[i].attributes().get(name);
                valueOf[i] = value == null ? 0 : ids.computeIfAbsent(value, v -> ids.size() + 1);
            }
            return new AttributeBuckets(valueOf, ids.size() + 1);
        });
    }

    /** Tasks of one counting key per value of an attribute (index = value id); callers must not modify it. */
    int[] countsPerValue(String attribute, String countingKey) {
        return countsPerValue.computeIfAbsent(attribute + '\u0000' + countingKey, k -> {
            int[] valueOf = buckets(attribute).valueOf();
            int[] earlier = before == null ? null : before.countsPerValue.get(k);
            if (earlier != null) {
                int[] perValue = earlier.clone();
                for (int i = 0; i < placed.positions().length; i++) {
                    for (PlacedTask task : placed.tasks().get(i)) {
                        if (task.countingKey().equals(countingKey)) {
                            perValue[valueOf[placed.positions()[i]]]++;
                        }
                    }
                }
                return perValue;
            }
            TaskCensus.Sparse tasks = census().ofKey(countingKey);
            int[] perValue = new int[buckets(attribute).valueCount()];
            for (int i = 0; i < tasks.positions().length; i++) {
                perValue[valueOf[tasks.positions()[i]]] += tasks.counts()[i];
            }
            return perValue;
        });
    }

    /**
     * Hosts passing every check that cannot change during a placement run: ACTIVE and connected,
     * required attributes present, static memberOf expressions true. The scan walks only these.
     */
    BitSet eligible(StaticFilter filter) {
        return eligible.computeIfAbsent(filter, f -> {
            BitSet hostsLeft = new BitSet(size);
            for (int i = 0; i < size; i++) {
                hostsLeft.set(i, acceptsTasks[i]);
            }
            if (!f.requiredAttributes().isEmpty()) {
                hostsLeft.and(holdersOf(f.requiredAttributes()));
            }
            f.staticExpressions().forEach(expression -> hostsLeft.and(staticMatches(expression)));
            return hostsLeft;
        });
    }

    /** Hosts matching an expression that reads only snapshot facts; evaluated once per snapshot. */
    BitSet staticMatches(ConstraintExpression expression) {
        return staticMatches.computeIfAbsent(expression, e -> {
            BitSet matching = new BitSet(size);
            for (int i = 0; i < size; i++) {
                if (e.matches(hosts[i])) {
                    matching.set(i);
                }
            }
            return matching;
        });
    }

    /** Hosts carrying every attribute named (requiresAttributes checks names only). */
    BitSet holdersOf(Set<String> attributes) {
        return attributeHolders.computeIfAbsent(attributes, names -> {
            BitSet holders = new BitSet(size);
            for (int i = 0; i < size; i++) {
                if (hosts[i].attributes().keySet().containsAll(names)) {
                    holders.set(i);
                }
            }
            return holders;
        });
    }
}
