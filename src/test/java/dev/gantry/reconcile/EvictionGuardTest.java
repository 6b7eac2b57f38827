package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.reconcile.EvictionGuard.Decision;
import dev.gantry.reconcile.EvictionGuard.State;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EvictionGuardTest {

    static final EvictionProperties DEFAULTS = new EvictionProperties(0.55, 2, 50, 0.1, 0.01);
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(60);
    /** Took the cluster over long ago: the failover grace is over. */
    static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));

    @ParameterizedTest(name = "{0} hosts, {1} unreachable, {2} past timeout, last eviction {3}s ago -> {4} evict {5}")
    @CsvSource({
            // total, unreachable, candidates, secondsSinceLastEviction (-1 = never), state, evictNow
            "1,   1,  1, -1, NORMAL,             1",  // a single host that dies is a host failure
            "2,   1,  1, -1, NORMAL,             1",  // 50 % < 55 %
            "2,   2,  2, -1, SUSPENDED,          0",  // every host: the leader is cut off
            "3,   2,  2, -1, SUSPENDED,          0",  // 67 %: the rig's case (h1, h3, h8; h3 and h8 cut)
            "3,   1,  1, -1, NORMAL,             1",
            "4,   2,  2, -1, NORMAL,             1",  // 50 %
            "10,  5,  5, -1, NORMAL,             1",
            "10,  6,  6, -1, SUSPENDED,          0",  // 60 % of a small cluster
            "10, 10, 10, -1, SUSPENDED,          0",
            "10,  6,  0, -1, SUSPENDED,          0",  // suspended before any host is past the timeout
            "10,  1,  1,  5, NORMAL,             0",  // 0.1 hosts/s: one every 10 s
            "10,  1,  1, 10, NORMAL,             1",
            "10,  2,  2, 11, NORMAL,             1",  // one per round, never a burst
            "10,  1,  0, -1, NORMAL,             0",  // nothing past the timeout
            "100, 60, 60, -1, PARTIAL_DISRUPTION, 1", // a large cluster partly cut: secondary rate
            "100, 60, 60, 50, PARTIAL_DISRUPTION, 0", // 0.01 hosts/s: one every 100 s
            "100, 60, 60, 100, PARTIAL_DISRUPTION, 1",
            "100, 100, 100, -1, SUSPENDED,        0", // fully cut: nothing, whatever the size
            "51,  29, 29, -1, PARTIAL_DISRUPTION, 1",
            "50,  28, 28, -1, SUSPENDED,          0", // 50 is not large (Kubernetes: size > threshold)
            "0,   0,  0, -1, NORMAL,             0",
    })
    void decidesLikeKubernetesNodeLifecycle(int total, int unreachable, int candidates, long sinceLast, State state,
            int evictNow) {
        Instant last = sinceLast < 0 ? null : NOW.minusSeconds(sinceLast);
        Decision d = EvictionGuard.decide(total, unreachable, candidates, last, LONG_AGO, NOW, GRACE, DEFAULTS);
        assertThat(d.state()).as(d.reason()).isEqualTo(state);
        assertThat(d.evictNow()).as(d.reason()).isEqualTo(evictNow);
    }

    @ParameterizedTest(name = "took over {0}s ago -> {1}")
    @CsvSource({"0, FAILOVER_GRACE", "59, FAILOVER_GRACE", "60, NORMAL", "3600, NORMAL"})
    void nothingIsDeclaredLostWithinTheFailoverGrace(long secondsSinceTakeover, State state) {
        Decision d = EvictionGuard.decide(10, 1, 1, null, NOW.minusSeconds(secondsSinceTakeover), NOW, GRACE, DEFAULTS);
        assertThat(d.state()).isEqualTo(state);
        assertThat(d.evictNow()).isEqualTo(state == State.FAILOVER_GRACE ? 0 : 1);
    }

    @Test
    void theSuspensionReasonNamesTheShareAndTheThreshold() {
        Decision d = EvictionGuard.decide(3, 2, 2, null, LONG_AGO, NOW, GRACE, DEFAULTS);
        assertThat(d.reason()).contains("2 of 3 container instances are unreachable", "55 %");
    }

    @Test
    void aZeroRateNeverEvicts() {
        EvictionProperties frozen = new EvictionProperties(0.55, 2, 50, 0.0, 0.0);
        assertThat(EvictionGuard.decide(10, 1, 1, null, LONG_AGO, NOW, GRACE, frozen).evictNow()).isZero();
    }

    /**
     * Properties over random clusters and histories (seeded; a failure names its seed): never more than one host per
     * round, never any while at least the threshold share (and the minimum count) is unreachable in a small or fully
     * cut cluster, never any within the failover grace, never two evictions closer than 1/rate.
     */
    @Test
    void propertiesHoldForRandomClusters() {
        for (long seed = 1; seed <= 20_000; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int total = r.nextInt(0, 300);
            int unreachable = total == 0 ? 0 : r.nextInt(0, total + 1);
            int candidates = unreachable == 0 ? 0 : r.nextInt(0, unreachable + 1);
            EvictionProperties s = new EvictionProperties(r.nextInt(1, 100) / 100.0, r.nextInt(1, 5), r.nextInt(0, 200),
                    r.nextInt(0, 50) / 10.0, r.nextInt(0, 10) / 100.0);
            Instant last = r.nextBoolean() ? null : NOW.minusMillis(r.nextLong(0, 200_000));
            Instant since = r.nextBoolean() ? null : NOW.minusMillis(r.nextLong(0, 120_000));
            Decision d = EvictionGuard.decide(total, unreachable, candidates, last, since, NOW, GRACE, s);
            String at = "seed " + seed + ": " + d;

            assertThat(d.evictNow()).as(at).isBetween(0, Math.min(1, candidates));
            boolean disrupted = unreachable >= s.minUnreachable() && unreachable >= s.unhealthyThreshold() * total && total > 0;
            if (disrupted && (total <= s.largeClusterSize() || unreachable == total)) {
                assertThat(d.evictNow()).as(at).isZero();
            }
            if (since != null && NOW.isBefore(since.plus(GRACE))) {
                assertThat(d.state()).as(at).isEqualTo(State.FAILOVER_GRACE);
                assertThat(d.evictNow()).as(at).isZero();
            }
            if (d.evictNow() > 0 && last != null) {
                double rate = d.state() == State.NORMAL ? s.evictionRate() : s.secondaryEvictionRate();
                assertThat(Duration.between(last, NOW).toNanos()).as(at).isGreaterThanOrEqualTo((long) (1e9 / rate));
            }
            if (!disrupted && candidates > 0 && s.evictionRate() > 0 && last == null
                    && (since == null || !NOW.isBefore(since.plus(GRACE)))) {
                assertThat(d.evictNow()).as("a healthy cluster evicts: " + at).isEqualTo(1);
            }
        }
    }
}
