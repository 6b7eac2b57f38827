package dev.gantry.reconcile;

import dev.gantry.shared.Randomness;
import java.util.UUID;

/**
 * The application's {@link Randomness} in scenario tests: a seeded one that each scenario replaces with its own
 * ({@link #reseed}) before it draws anything, so one printed seed replays the ids and placement's tie-breaks as well
 * as the steps. The context is shared by every scenario of a class, hence one bean whose source changes.
 */
final class ScenarioRandomness implements Randomness {

    private volatile Randomness current = Randomness.seeded(0);

    void reseed(long seed) {
        current = Randomness.seeded(seed);
    }

    @Override
    public String newId() {
        return current.newId();
    }

    @Override
    public UUID newUuid() {
        return current.newUuid();
    }

    @Override
    public long newNumericId(long origin, long bound) {
        return current.newNumericId(origin, bound);
    }

    @Override
    public long tieBreakSeed() {
        return current.tieBreakSeed();
    }

    @Override
    public String toString() {
        return "ScenarioRandomness(" + current + ")";
    }
}
