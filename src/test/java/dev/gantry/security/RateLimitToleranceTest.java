package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import dev.gantry.docker.sim.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stated tolerance of limits across replicas, in virtual time: N replicas with their own {@link RateLimits},
 * sharing what they took through an in-memory stand-in of {@code rate_limit_usage} at each one's sync pass (at its own
 * phase, every d ms), with random arrivals at random replicas. In every interval of length T, the calls admitted
 * across all replicas stay within what one bucket admits (burst + sustained × T) plus (N − 1) × (burst + 2 × d ×
 * sustained): each other replica can admit at most a burst before it learns of the rest, and a refill of up to two
 * sync intervals (its own use becomes visible at its next pass, the others read it at theirs). {@code RateLimitSyncIT}
 * shows the same sharing through PostgreSQL with two application contexts.
 */
class RateLimitToleranceTest {

    private record Row(int replica, String bucket, long consumed) {
    }

    @Test
    void acrossReplicasTheLimitHoldsWithinOneBurstAndTwoSyncIntervalsPerOtherReplica() {
        Random random = new Random(Seeds.seed("RateLimitToleranceTest"));
        for (int run = 0; run < 60; run++) {
            int replicas = 2 + random.nextInt(3);
            int burst = 5 + random.nextInt(50);
            double sustained = 1 + random.nextInt(40);
            long d = 100 + random.nextInt(900);
            simulate(random, run, replicas, new TokenBucket.Limit(burst, sustained), d);
        }
    }

    private static void simulate(Random random, int run, int n, TokenBucket.Limit limit, long d) {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        RateLimitSettings settings = new RateLimitSettings(true, Duration.ofMillis(d),
                Map.of("task-modify", limit, RateLimitGroups.OTHER, limit));
        List<RateLimits> limits = new ArrayList<>();
        long[] phase = new long[n];
        int[] read = new int[n];
        for (int r = 0; r < n; r++) {
            limits.add(new RateLimits(settings, clock));
            phase[r] = random.nextInt((int) d);
        }
        List<Row> table = new ArrayList<>();
        List<Long> admittedAt = new ArrayList<>();
        double perReplicaRate = limit.sustained() * (0.5 + random.nextDouble() * 4) / 1000.0;
        long end = 30_000;
        for (long t = 0; t < end; t++) {
            clock.advance(Duration.ofMillis(t == 0 ? 0 : 1));
            for (int r = 0; r < n; r++) {
                if ((t - phase[r]) % d == 0 && t >= phase[r]) {
                    Map<String, long[]> taken = limits.get(r).unshared();
                    for (Map.Entry<String, long[]> e : taken.entrySet()) {
                        table.add(new Row(r, e.getKey(), e.getValue()[1] - e.getValue()[0]));
                    }
                    limits.get(r).shared(taken);
                    for (int i = read[r]; i < table.size(); i++) {
                        if (table.get(i).replica() != r) {
                            limits.get(r).othersTook(table.get(i).bucket(), table.get(i).consumed());
                        }
                    }
                    read[r] = table.size();
                }
                int arrivals = random.nextDouble() < perReplicaRate ? 1 : 0;
                if (random.nextInt(3000) == 0) {
                    arrivals += random.nextInt(2 * limit.burst());
                }
                for (int a = 0; a < arrivals; a++) {
                    if (limits.get(r).acquire("GKSIMULATEDKEY000000", "RunTask").isEmpty()) {
                        admittedAt.add(t);
                    }
                }
            }
        }
        double tolerance = (n - 1) * (limit.burst() + 2.0 * d * limit.sustained() / 1000.0);
        for (int i = 0; i < admittedAt.size(); i++) {
            for (int j = i; j < admittedAt.size(); j++) {
                long span = admittedAt.get(j) - admittedAt.get(i);
                double single = limit.burst() + limit.sustained() * span / 1000.0;
                int admitted = j - i + 1;
                if (admitted > single + tolerance) {
                    throw new AssertionError("run " + run + " (" + n + " replicas, " + limit + ", sync " + d + " ms): "
                            + admitted + " admitted in " + span + " ms, more than " + single + " + " + tolerance);
                }
            }
        }
        assertThat(admittedAt).as("run %d admitted something", run).isNotEmpty();
    }
}
