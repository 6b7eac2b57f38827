package dev.gantry.shared;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one source of the application's random draws, an input like the {@link java.time.Clock}: ids (tasks,
 * instances, containers, deployments, events, the replica) and the seeds that break placement's ties. Production
 * takes {@link #unpredictable()} (the bean of {@code RandomnessConfiguration}); a scenario test takes
 * {@link #seeded(long)} from its printed seed, so one seed replays the ids and every tie-break as well as the steps.
 * Nothing else in {@code src/main} draws a random number; {@code RandomnessArchitectureTest} fails the build if
 * something does.
 *
 * <p>Not for secrets: keys, IVs, passwords and tokens take a {@link SecureRandom} of their own, in a class marked
 * {@link CryptographicRandomness}, so no test's seeded source can ever produce one.
 */
public interface Randomness {

    /** A new long-format ECS id: 128 random bits as 32 lowercase hex digits ({@link Ids#isId}). */
    String newId();

    /** A new random (version 4, IETF variant) UUID. */
    UUID newUuid();

    /** A new id made of a number in [{@code origin}, {@code bound}), as ECS's deployment ids are. */
    long newNumericId(long origin, long bound);

    /** A seed for a decision's tie-breaking (placement's random order, scale-in's victims): neither id nor secret. */
    long tieBreakSeed();

    /**
     * Production's: ids from a {@link SecureRandom} (as {@code UUID.randomUUID()} draws them: nobody can guess the
     * next task's id from the last), tie-breaks from {@link ThreadLocalRandom} (fast, no contention). Thread-safe.
     */
    static Randomness unpredictable() {
        return new Unpredictable();
    }

    /**
     * Everything from {@code seed}: the same seed and the same order of draws give the same ids and tie-breaks. Ids
     * and tie-breaks are two streams, so a code change that draws one more id does not shift every later
     * tie-break. Thread-safe (one lock per stream); draws from several threads are replayable only in the same order.
     */
    static Randomness seeded(long seed) {
        return new Seeded(seed);
    }

    private static String hex(long high, long low) {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(high) + hex.toHexDigits(low);
    }

    /** The bits of a version 4 UUID: the version nibble 4 and the variant bits 10 set over 122 random ones. */
    private static UUID version4(long high, long low) {
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    final class Unpredictable implements Randomness {

        private final SecureRandom ids = new SecureRandom();

        private Unpredictable() {
        }

        @Override
        public String newId() {
            return hex(ids.nextLong(), ids.nextLong());
        }

        @Override
        public UUID newUuid() {
            return version4(ids.nextLong(), ids.nextLong());
        }

        @Override
        public long newNumericId(long origin, long bound) {
            return ids.nextLong(origin, bound);
        }

        @Override
        public long tieBreakSeed() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public String toString() {
            return "Randomness.unpredictable()";
        }
    }

    final class Seeded implements Randomness {

        private final long seed;
        private final SplittableRandom ids;
        private final SplittableRandom tieBreaks;

        private Seeded(long seed) {
            this.seed = seed;
            this.ids = new SplittableRandom(seed);
            this.tieBreaks = ids.split();
        }

        @Override
        public String newId() {
            synchronized (ids) {
                return hex(ids.nextLong(), ids.nextLong());
            }
        }

        @Override
        public UUID newUuid() {
            synchronized (ids) {
                return version4(ids.nextLong(), ids.nextLong());
            }
        }

        @Override
        public long newNumericId(long origin, long bound) {
            synchronized (ids) {
                return ids.nextLong(origin, bound);
            }
        }

        @Override
        public long tieBreakSeed() {
            synchronized (tieBreaks) {
                return tieBreaks.nextLong();
            }
        }

        @Override
        public String toString() {
            return "Randomness.seeded(" + seed + ")";
        }
    }
}
