package dev.gantry.placement;

import java.util.Arrays;
import java.util.List;

/**
 * The sub-linear path for the chains people use most: {@code [L]} and {@code [spread(attribute:A), L]}
 * where the level rule L is {@code binpack(R)} or {@code spread(instanceId)} — which covers the ECS
 * service default. Instead of visiting every host it walks, per attribute value, the hosts
 * pre-sorted by their level in the snapshot (remaining R, or tasks of this service or group;
 * memoised per snapshot), starting — for binpack — at the first one whose R could fit the task;
 * the first feasible host found has the lowest level.
 * Values are tried in the spread order (fewest tasks first); values with equal counts are all
 * tried and compared.
 *
 * <p>It gives the same ordering as the full scan except for ties: among feasible hosts with the
 * same remaining R, the full scan takes the smallest seeded random key, this walk takes the first
 * feasible one from a seeded random position in the tie range (so it need not visit them all).
 * Both are seeded, uniform-ish and reproducible. Hosts that received a task earlier in the same
 * run are out of snapshot order; they are few, and checked on their own (at an equal level they
 * win, which keeps packing). Such a host's level only moves one way — R down, tasks up — so a
 * binpack lower bound taken from the snapshot never skips a host that could fit.
 *
 * <p>Cost: O(values · log hosts) plus the hosts skipped because they fail a check other than R.
 * In the worst case (almost every host fits R but fails another check) that is still every host.
 */
final class OrderedWalk {
    private static final long TIE_SALT = 0x632BE59BD9B4E019L;

    private final WorkingState state;
    private final SnapshotIndex.SortedHosts sorted;
    private final int[] spreadCounts;
    private final int[] valueOf;
    private final Level level;

    /** What a host's place in the walk is decided by; lower is better for every kind. */
    private enum Level { CPU, MEMORY, TASKS }

    private OrderedWalk(WorkingState state, SnapshotIndex.SortedHosts sorted, int[] spreadCounts, int[] valueOf, Level level) {
        this.state = state;
        this.sorted = sorted;
        this.spreadCounts = spreadCounts;
        this.valueOf = valueOf;
        this.level = level;
    }

    /** Returns a walk when the chain has one of the supported shapes, else null (use the full scan). */
    static OrderedWalk forChain(List<PlacementStrategy> chain, WorkingState state, StrategyChain bound) {
        String attribute = null;
        int levelRuleAt = 0;
        if (chain.size() == 2 && chain.getFirst() instanceof PlacementStrategy.Spread spread && !spread.byInstance()) {
            attribute = spread.attributeName();
            levelRuleAt = 1;
        } else if (chain.size() != 1) {
            return null;
        }
        Level level = switch (chain.get(levelRuleAt)) {
            case PlacementStrategy.BinPack(PlacementStrategy.Resource resource) ->
                    resource == PlacementStrategy.Resource.CPU ? Level.CPU : Level.MEMORY;
            case PlacementStrategy.Spread spread when spread.byInstance() -> Level.TASKS;
            default -> null;
        };
        if (level == null) {
            return null;
        }
        String levelName = switch (level) {
            case CPU -> "cpu";
            case MEMORY -> "memory";
            case TASKS -> state.request().countingKey();
        };
        SnapshotIndex.SortedHosts sorted = state.index.sortedHosts(attribute, levelName);
        int[] valueOf = attribute == null ? null : state.index.buckets(attribute).valueOf();
        return new OrderedWalk(state, sorted, attribute == null ? null : bound.spreadCounts(0), valueOf, level);
    }

    /** The chosen host, or -1 when no host is feasible. */
    int choose(int decision) {
        Integer[] order = valuesInSpreadOrder();
        int groupStart = 0;
        while (groupStart < order.length) {
            int groupEnd = groupStart + 1;
            while (groupEnd < order.length && count(order[groupEnd]) == count(order[groupStart])) {
                groupEnd++;
            }
            int best = -1;
            for (int g = groupStart; g < groupEnd; g++) {
                int candidate = firstFit(order[g], decision);
                if (candidate >= 0 && (best < 0 || ranksBefore(candidate, best, decision))) {
                    best = candidate;
                }
            }
            if (best >= 0) {
                return best;
            }
            groupStart = groupEnd;
        }
        return -1;
    }

    private Integer[] valuesInSpreadOrder() {
        Integer[] order = new Integer[sorted.hostsByValue().length];
        Arrays.setAll(order, v -> v);
        if (spreadCounts != null) {
            Arrays.sort(order, (a, b) -> Integer.compare(spreadCounts[a], spreadCounts[b]));
        }
        return order;
    }

    private int count(int value) {
        return spreadCounts == null ? 0 : spreadCounts[value];
    }

    private boolean ranksBefore(int candidate, int best, int decision) {
        int a = levelOf(candidate);
        int b = levelOf(best);
        return a != b ? a < b : tieKey(candidate, decision) < tieKey(best, decision);
    }

    private int firstFit(int value, int decision) {
        int[] hosts = sorted.hostsByValue()[value];
        int[] levels = sorted.levelsByValue()[value];
        int touchedBest = bestTouched(value);
        for (int i = lowerBound(levels, lowestUsefulLevel()); i < hosts.length; i++) {
            if (touchedBest >= 0 && levelOf(touchedBest) <= levels[i]) {
                return touchedBest;
            }
            if (usable(hosts[i])) {
                return pickInTie(hosts, levels, i, decision);
            }
        }
        return touchedBest;
    }

    /** {@code hosts[first]} is feasible; choose a seeded random feasible host among those at its level. */
    private int pickInTie(int[] hosts, int[] levels, int first, int decision) {
        int end = upperBound(levels, levels[first]);
        int span = end - first;
        int start = first + (int) Math.floorMod(StrategyChain.randomKey(state.request().seed() ^ TIE_SALT, decision, first), (long) span);
        for (int k = 0; k < span; k++) {
            int host = hosts[first + (start - first + k) % span];
            if (usable(host)) {
                return host;
            }
        }
        return hosts[first];
    }

    private boolean usable(int host) {
        return !state.touched(host) && state.eligible.get(host) && state.feasibleEligible(host);
    }

    private int bestTouched(int value) {
        int best = -1;
        for (int host : state.touchedHosts()) {
            if ((valueOf == null || valueOf[host] == value) && state.eligible.get(host) && state.feasibleEligible(host)
                    && (best < 0 || levelOf(host) < levelOf(best))) {
                best = host;
            }
        }
        return best;
    }

    /** For binpack, hosts whose snapshot R is below the demand cannot fit; spread starts at zero tasks. */
    private int lowestUsefulLevel() {
        return switch (level) {
            case CPU -> state.request().cpu();
            case MEMORY -> state.request().memory();
            case TASKS -> Integer.MIN_VALUE;
        };
    }

    private int levelOf(int host) {
        return switch (level) {
            case CPU -> state.cpuOf(host);
            case MEMORY -> state.memoryOf(host);
            case TASKS -> state.sameKeyOf(host);
        };
    }

    private long tieKey(int host, int decision) {
        return StrategyChain.randomKey(state.request().seed() ^ TIE_SALT, decision, host);
    }

    private static int lowerBound(int[] levels, int value) {
        int lo = 0;
        int hi = levels.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (levels[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(int[] levels, int value) {
        return lowerBound(levels, value + 1);
    }
}
