package dev.gantry.placement;

import java.util.List;

/**
 * A request's strategies turned into per-host scores, lower is better, compared rule by rule: a
 * later rule only matters when all earlier ones tie (ECS chaining, like {@code thenComparing}).
 * A seeded random key is always appended as the final tie-breaker, so equally good hosts are
 * chosen evenly yet reproducibly.
 *
 * <p>Speed: scores are array reads through one final class with a switch (not an interface per
 * strategy), so the JIT inlines them; and a challenger is compared lazily — most hosts lose on the
 * first rule and never compute the others. Counters are read through the {@link WorkingState},
 * so they include the tasks reserved earlier in the run.
 */
final class StrategyChain {
    private static final int RANDOM = 0;
    private static final int BINPACK_CPU = 1;
    private static final int BINPACK_MEMORY = 2;
    private static final int SPREAD_INSTANCE = 3;
    private static final int SPREAD_ATTRIBUTE = 4;
    private static final long TIE_BREAK_SALT = 0x5DEECE66DL;

    /** One strategy bound to a placement run; {@code valueOf}/{@code perValue} only for attribute spread. */
    private record Rule(int kind, long seed, int[] valueOf, int[] perValue) {
    }

    private final WorkingState state;
    private final Rule[] rules;

    StrategyChain(List<PlacementStrategy> strategies, WorkingState state) {
        this.state = state;
        long seed = state.request().seed();
        rules = new Rule[strategies.size() + 1];
        for (int i = 0; i < strategies.size(); i++) {
            rules[i] = bind(strategies.get(i), state, seed);
        }
        rules[strategies.size()] = new Rule(RANDOM, seed ^ TIE_BREAK_SALT, null, null);
    }

    int length() {
        return rules.length;
    }

    /** Fills {@code best} with the host's scores. */
    void scores(int host, int decision, long[] best) {
        for (int r = 0; r < rules.length; r++) {
            best[r] = score(rules[r], host, decision);
        }
    }

    /** If {@code host} ranks before the scores in {@code best}, overwrites them and returns true. */
    boolean challenge(int host, int decision, long[] best) {
        for (int r = 0; r < rules.length; r++) {
            long score = score(rules[r], host, decision);
            if (score != best[r]) {
                if (score > best[r]) {
                    return false;
                }
                best[r] = score;
                for (int later = r + 1; later < rules.length; later++) {
                    best[later] = score(rules[later], host, decision);
                }
                return true;
            }
        }
        return false;
    }

    private long score(Rule rule, int host, int decision) {
        return switch (rule.kind()) {
            case BINPACK_CPU -> state.cpuOf(host);
            case BINPACK_MEMORY -> state.memoryOf(host);
            case SPREAD_INSTANCE -> state.sameKeyOf(host);
            case SPREAD_ATTRIBUTE -> rule.perValue()[rule.valueOf()[host]];
            default -> randomKey(rule.seed(), decision, host);
        };
    }

    /** The live per-value counts of the attribute spread at position {@code rule}. */
    int[] spreadCounts(int rule) {
        return rules[rule].perValue();
    }

    void placed(int host) {
        for (Rule rule : rules) {
            if (rule.kind() == SPREAD_ATTRIBUTE) {
                rule.perValue()[rule.valueOf()[host]]++;
            }
        }
    }

    private static Rule bind(PlacementStrategy strategy, WorkingState state, long seed) {
        return switch (strategy) {
            case PlacementStrategy.Random r -> new Rule(RANDOM, seed, null, null);
            case PlacementStrategy.BinPack(PlacementStrategy.Resource resource) ->
                    new Rule(resource == PlacementStrategy.Resource.CPU ? BINPACK_CPU : BINPACK_MEMORY, 0, null, null);
            case PlacementStrategy.Spread spread when spread.byInstance() -> new Rule(SPREAD_INSTANCE, 0, null, null);
            case PlacementStrategy.Spread spread -> attributeSpread(state, spread.attributeName());
        };
    }

    /** Counts per attribute value come from the snapshot's memo, copied so this run can update them. */
    private static Rule attributeSpread(WorkingState state, String attribute) {
        SnapshotIndex.AttributeBuckets buckets = state.index.buckets(attribute);
        int[] perValue = state.index.countsPerValue(attribute, state.request().countingKey()).clone();
        return new Rule(SPREAD_ATTRIBUTE, 0, buckets.valueOf(), perValue);
    }

    /** SplitMix64 finaliser over (seed, decision, host): uniform, stateless and reproducible. */
    static long randomKey(long seed, int decision, int host) {
        long z = seed + 0x9E3779B97F4A7C15L * (decision + 1) + 0xBF58476D1CE4E5B9L * (host + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
