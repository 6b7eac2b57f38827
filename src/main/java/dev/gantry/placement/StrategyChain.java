package dev.gantry.placement;

import java.util.List;

/**
 * A request's strategies turned into per-host scores, lower is better, compared rule by rule: a
 * later rule only matters when all earlier ones tie (ECS chaining, like {@code thenComparing}).
 * A seeded random key is always appended as the final tie-breaker, so equally good hosts are
 * chosen evenly yet reproducibly. Scores are plain array reads, so ranking a host allocates nothing.
 */
final class StrategyChain {

    /** One strategy bound to a placement run. */
    private interface Rule {
        long score(int host, int decision);

        default void placed(int host) {
        }
    }

    private static final long TIE_BREAK_SALT = 0x5DEECE66DL;
    private final Rule[] rules;

    StrategyChain(List<PlacementStrategy> strategies, WorkingState state) {
        rules = new Rule[strategies.size() + 1];
        for (int i = 0; i < strategies.size(); i++) {
            rules[i] = bind(strategies.get(i), state);
        }
        long seed = state.request().seed();
        rules[strategies.size()] = (host, decision) -> randomKey(seed ^ TIE_BREAK_SALT, decision, host);
    }

    int length() {
        return rules.length;
    }

    void scores(int host, int decision, long[] into) {
        for (int r = 0; r < rules.length; r++) {
            into[r] = rules[r].score(host, decision);
        }
    }

    static boolean better(long[] candidate, long[] best) {
        for (int r = 0; r < candidate.length; r++) {
            if (candidate[r] != best[r]) {
                return candidate[r] < best[r];
            }
        }
        return false;
    }

    void placed(int host) {
        for (Rule rule : rules) {
            rule.placed(host);
        }
    }

    private static Rule bind(PlacementStrategy strategy, WorkingState state) {
        return switch (strategy) {
            case PlacementStrategy.Random r -> {
                long seed = state.request().seed();
                yield (host, decision) -> randomKey(seed, decision, host);
            }
            case PlacementStrategy.BinPack(PlacementStrategy.Resource resource) -> {
                int[] remaining = resource == PlacementStrategy.Resource.CPU ? state.cpu : state.memory;
                yield (host, decision) -> remaining[host];
            }
            case PlacementStrategy.Spread spread when spread.byInstance() -> (host, decision) -> state.sameKey[host];
            case PlacementStrategy.Spread spread -> attributeSpread(state, spread.attributeName());
        };
    }

    /** Counts per attribute value are summed once per run, then kept current as tasks are placed. */
    private static Rule attributeSpread(WorkingState state, String attribute) {
        SnapshotIndex.AttributeBuckets buckets = state.index.buckets(attribute);
        int[] valueOf = buckets.valueOf();
        int[] perValue = new int[buckets.valueCount()];
        for (int host = 0; host < valueOf.length; host++) {
            perValue[valueOf[host]] += state.sameKey[host];
        }
        return new Rule() {
            @Override
            public long score(int host, int decision) {
                return perValue[valueOf[host]];
            }

            @Override
            public void placed(int host) {
                perValue[valueOf[host]]++;
            }
        };
    }

    /** SplitMix64 finaliser over (seed, decision, host): uniform, stateless and reproducible. */
    static long randomKey(long seed, int decision, int host) {
        long z = seed + 0x9E3779B97F4A7C15L * (decision + 1) + 0xBF58476D1CE4E5B9L * (host + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
