package dev.gantry.placement;

import dev.gantry.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Our own tiny seeded generator for property tests (SplitMix64), and the loop that runs a property
 * over many seeds and names the failing seed, so any failure can be replayed with
 * {@code -Dgantry.seed=N} ({@link Seeds}; {@code -Dplacement.seed=N} still works).
 */
final class Gen {
    private long state;

    Gen(long seed) {
        state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [min, max], both inclusive. */
    int between(int min, int max) {
        return min + (int) Math.floorMod(nextLong(), (long) max - min + 1);
    }

    boolean chance(int percent) {
        return between(1, 100) <= percent;
    }

    <T> T pick(List<T> options) {
        return options.get(between(0, options.size() - 1));
    }

    <T> List<T> someOf(List<T> options, int percentEach) {
        List<T> chosen = new ArrayList<>();
        for (T option : options) {
            if (chance(percentEach)) {
                chosen.add(option);
            }
        }
        return chosen;
    }

    /**
     * Runs {@code property} for {@code trials} consecutive seeds from a first one that {@link Seeds} draws afresh and
     * prints; a failure names its seed, and {@code -Dgantry.seed=N} (or the older {@code -Dplacement.seed=N}) runs
     * that one seed alone.
     */
    static void forAll(int trials, Consumer<Gen> property) {
        String legacy = System.getProperty("placement.seed");
        String fixed = System.getProperty(Seeds.PROPERTY);
        boolean replay = (legacy != null && !legacy.isBlank()) || (fixed != null && !fixed.isBlank());
        long first = legacy != null && !legacy.isBlank() ? Long.parseLong(legacy.trim())
                : Seeds.seed("placement property, first of " + (replay ? 1 : trials) + " seeds");
        int runs = replay ? 1 : trials;
        for (long seed = first; seed < first + runs; seed++) {
            try {
                property.accept(new Gen(seed));
            } catch (AssertionError | RuntimeException e) {
                System.err.println("Property failed for seed " + seed + " (replay with -D" + Seeds.PROPERTY + "=" + seed + ")");
                throw new AssertionError("Property failed for seed " + seed + " (replay with -D" + Seeds.PROPERTY + "="
                        + seed + "): " + e.getMessage(), e);
            }
        }
    }
}
