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
    // Facts that placing tasks changes (resources, task counts): built per snapshot.
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
            int[] level = switch (levelName) {
                case "cpu" -> cpu;
                case "memory" -> memory;
                default -> countsByKey(levelName);
            };
            return SortedHosts.of(valueOf, values, level, acceptsTasks);
        });
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

    SnapshotIndex(List<HostView> hostList) {
        this(hostList, null);
    }

    /**
     * @param sameHostsAs the index of a snapshot holding the same hosts, in the same order, with the same identity,
     *                    status, connection and attributes (only resources, ports and tasks may differ): its memos of
     *                    those facts are shared; {@code null} to build everything
     */
    SnapshotIndex(List<HostView> hostList, SnapshotIndex sameHostsAs) {
        size = hostList.size();
        hosts = hostList.toArray(HostView[]::new);
        cpu = new int[size];
        memory = new int[size];
        acceptsTasks = new boolean[size];
        if (sameHostsAs != null && sameHostsAs.size != size) {
            throw new IllegalArgumentException("not the same hosts: " + size + " != " + sameHostsAs.size);
        }
        positionById = sameHostsAs != null ? sameHostsAs.positionById : new HashMap<>();
        bucketsByAttribute = sameHostsAs != null ? sameHostsAs.bucketsByAttribute : new ConcurrentHashMap<>();
        staticMatches = sameHostsAs != null ? sameHostsAs.staticMatches : new ConcurrentHashMap<>();
        attributeHolders = sameHostsAs != null ? sameHostsAs.attributeHolders : new ConcurrentHashMap<>();
        eligible = sameHostsAs != null ? sameHostsAs.eligible : new ConcurrentHashMap<>();
        for (int i = 0; i < size; i++) {
            cpu[i] = hosts[i].remainingCpu();
            memory[i] = hosts[i].remainingMemory();
            acceptsTasks[i] = hosts[i].acceptsTasks();
            if (sameHostsAs == null) {
                positionById.putIfAbsent(hosts[i].instanceId(), i);
                positionById.putIfAbsent(hosts[i].instanceArn(), i);
            }
        }
    }

    /** Position of the host with this instance id or ARN, or -1. */
    int positionOf(String idOrArn) {
        return positionById.getOrDefault(idOrArn, -1);
    }

    /** Tasks per host counted by {@link PlacedTask#countingKey()}; callers must not modify the array. */
    int[] countsByKey(String key) {
        return countsByKey.computeIfAbsent(key, k -> count(task -> task.countingKey().equals(k)));
    }

    /** Tasks per host of one task group (what distinctInstance counts). */
    int[] countsByGroup(String group) {
        return countsByGroup.computeIfAbsent(group, g -> count(task -> task.group().equals(g)));
    }

    private int[] count(java.util.function.Predicate<PlacedTask> counted) {
        int[] counts = new int[size];
        for (int i = 0; i < size; i++) {
            for (PlacedTask task : hosts[i].tasks()) {
                if (counted.test(task)) {
                    counts[i]++;
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
            AttributeBuckets buckets = buckets(attribute);
            int[] perHost = countsByKey(countingKey);
            int[] perValue = new int[buckets.valueCount()];
            for (int host = 0; host < size; host++) {
                perValue[buckets.valueOf()[host]] += perHost[host];
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
