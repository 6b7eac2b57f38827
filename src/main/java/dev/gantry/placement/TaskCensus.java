package dev.gantry.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the tasks of every counting key (service, or group of a standalone task) and of every task group are, in
 * one sparse table per key: the positions of the hosts holding any, ascending, and how many each holds. One pass
 * over the snapshot's tasks builds all of them, so a batch whose asks are for different services never walks every
 * host's tasks again per ask.
 *
 * <p>A census of a snapshot made by placing tasks ({@link #placed}) refers to its predecessor's and to the tasks
 * placed, and works out a key's table on first use from the predecessor's and the few tasks added for that key:
 * nothing is copied for the keys no ask reads. Immutable once a key's table is made; safe to share between threads.
 */
final class TaskCensus {

    /** The hosts holding tasks of one key: {@code positions} ascending, {@code counts[i]} tasks on {@code positions[i]}. */
    record Sparse(int[] positions, int[] counts) {
        static final Sparse EMPTY = new Sparse(new int[0], new int[0]);

        /** A dense array over {@code size} hosts. */
        int[] dense(int size) {
            int[] dense = new int[size];
            for (int i = 0; i < positions.length; i++) {
                dense[positions[i]] = counts[i];
            }
            return dense;
        }

        /** This table plus one task on each of {@code added} (ascending positions, repeats allowed). */
        Sparse plus(int[] added, int addedCount) {
            int[] p = new int[positions.length + addedCount];
            int[] c = new int[p.length];
            int n = 0;
            int i = 0;
            int j = 0;
            while (i < positions.length || j < addedCount) {
                int next = j == addedCount || (i < positions.length && positions[i] <= added[j]) ? positions[i] : added[j];
                int count = 0;
                if (i < positions.length && positions[i] == next) {
                    count += counts[i++];
                }
                while (j < addedCount && added[j] == next) {
                    count++;
                    j++;
                }
                p[n] = next;
                c[n++] = count;
            }
            return new Sparse(Arrays.copyOf(p, n), Arrays.copyOf(c, n));
        }
    }

    /** The tasks a snapshot made by placing got, per host position (ascending). */
    record Placed(int[] positions, List<List<PlacedTask>> tasks) {
    }

    private final Map<String, Sparse> byKey;
    private final Map<String, Sparse> byGroup;
    private final TaskCensus before;
    private final Placed placed;

    private TaskCensus(Map<String, Sparse> byKey, Map<String, Sparse> byGroup, TaskCensus before, Placed placed) {
        this.byKey = byKey;
        this.byGroup = byGroup;
        this.before = before;
        this.placed = placed;
    }

    /** The census of hosts read afresh: one pass over their tasks. */
    static TaskCensus of(HostView[] hosts) {
        Map<String, Builder> keys = new HashMap<>();
        Map<String, Builder> groups = new HashMap<>();
        // the counting key is a concatenation; made once per service or group, not once per task
        Map<String, String> serviceKeys = new HashMap<>();
        Map<String, String> groupKeys = new HashMap<>();
        for (int h = 0; h < hosts.length; h++) {
            for (PlacedTask task : hosts[h].tasks()) {
                String key = task.serviceName() != null
                        ? serviceKeys.computeIfAbsent(task.serviceName(), name -> PlacedTask.countingKey(name, null))
                        : groupKeys.computeIfAbsent(task.group(), group -> PlacedTask.countingKey(null, group));
                keys.computeIfAbsent(key, k -> new Builder()).add(h);
                groups.computeIfAbsent(task.group(), g -> new Builder()).add(h);
            }
        }
        return new TaskCensus(build(keys), build(groups), null, null);
    }

    private static Map<String, Sparse> build(Map<String, Builder> builders) {
        Map<String, Sparse> built = new HashMap<>(builders.size() * 2);
        builders.forEach((key, builder) -> built.put(key, builder.build()));
        return built;
    }

    /** The census after {@code placed}: works each key out from this one on first use. */
    TaskCensus placed(Placed placed) {
        return new TaskCensus(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), this, placed);
    }

    /** How many censuses this one is derived through (0 for one read afresh). */
    int depth() {
        return before == null ? 0 : before.depth() + 1;
    }

    /** Tasks per host counted by {@link PlacedTask#countingKey()}. */
    Sparse ofKey(String key) {
        if (before == null) {
            return byKey.getOrDefault(key, Sparse.EMPTY);
        }
        return byKey.computeIfAbsent(key, k -> plusPlaced(before.ofKey(k), task -> task.countingKey().equals(k)));
    }

    /** Tasks per host of one task group. */
    Sparse ofGroup(String group) {
        if (before == null) {
            return byGroup.getOrDefault(group, Sparse.EMPTY);
        }
        return byGroup.computeIfAbsent(group, g -> plusPlaced(before.ofGroup(g), task -> task.group().equals(g)));
    }

    private Sparse plusPlaced(Sparse earlier, java.util.function.Predicate<PlacedTask> counted) {
        int[] added = new int[8];
        int n = 0;
        for (int i = 0; i < placed.positions().length; i++) {
            for (PlacedTask task : placed.tasks().get(i)) {
                if (counted.test(task)) {
                    if (n == added.length) {
                        added = Arrays.copyOf(added, n * 2);
                    }
                    added[n++] = placed.positions()[i];
                }
            }
        }
        return n == 0 ? earlier : earlier.plus(added, n);
    }

    /** Positions appended in ascending order; a repeat of the last one counts one more task there. */
    private static final class Builder {
        private int[] positions = new int[4];
        private int[] counts = new int[4];
        private int size;

        void add(int position) {
            if (size > 0 && positions[size - 1] == position) {
                counts[size - 1]++;
                return;
            }
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            positions[size] = position;
            counts[size++] = 1;
        }

        Sparse build() {
            return new Sparse(Arrays.copyOf(positions, size), Arrays.copyOf(counts, size));
        }
    }
}
