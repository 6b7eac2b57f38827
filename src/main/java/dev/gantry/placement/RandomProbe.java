package dev.gantry.placement;

import java.util.List;

/**
 * The sub-linear path for a chain of just {@code random} (the RunTask default): probe seeded random
 * host positions and take the first feasible one. Probing uniformly and rejecting infeasible hosts
 * is rejection sampling, so the choice is still uniform over the feasible hosts, exactly as with
 * the full scan's smallest random key — only the particular host drawn for a seed differs.
 *
 * <p>After {@link #MAX_PROBES} misses (a cluster where few hosts fit) it falls back to the full
 * scan, so a task fails only when no host is feasible.
 */
final class RandomProbe {
    /** Enough that a cluster where 1 host in 10 fits is almost never scanned (0.9^64 ≈ 0.1%). */
    static final int MAX_PROBES = 64;
    private static final long PROBE_SALT = 0x3C6EF372FE94F82BL;

    private final WorkingState state;

    private RandomProbe(WorkingState state) {
        this.state = state;
    }

    static RandomProbe forChain(List<PlacementStrategy> chain, WorkingState state) {
        return chain.size() == 1 && chain.getFirst() instanceof PlacementStrategy.Random ? new RandomProbe(state) : null;
    }

    /** A feasible host, or -1 after {@link #MAX_PROBES} misses (the caller then scans). */
    int probe(int decision) {
        long seed = state.request().seed() ^ PROBE_SALT;
        int hosts = state.index.size;
        for (int attempt = 0; attempt < MAX_PROBES; attempt++) {
            int host = (int) Math.floorMod(StrategyChain.randomKey(seed, decision, attempt), (long) hosts);
            if (state.eligible.get(host) && state.feasibleEligible(host)) {
                return host;
            }
        }
        return -1;
    }
}
