package dev.gantry.docker.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallLatencyTest {

    @ParameterizedTest(name = "median {0} ms, p99 {1} ms")
    @CsvSource({"2, 20", "5, 5", "1, 50"})
    void samplesHaveTheGivenMedianAndNinetyNinthPercentile(long medianMs, long p99Ms) {
        long seed = 20261202L;
        System.out.println("seed " + seed);
        CallLatency latency = new CallLatency(Duration.ofMillis(medianMs), Duration.ofMillis(p99Ms));
        SplittableRandom random = new SplittableRandom(seed);
        double[] ms = new double[200_000];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = latency.sample(random).toNanos() / 1e6;
        }
        Arrays.sort(ms);

        assertThat(ms[ms.length / 2]).isCloseTo(medianMs, within(medianMs * 0.03));
        assertThat(ms[(int) (ms.length * 0.99)]).isCloseTo(p99Ms, within(p99Ms * 0.06));
    }

    @ParameterizedTest(name = "none when median is {0}")
    @CsvSource({"0"})
    void zeroMedianAddsNothing(long medianMs) {
        assertThat(new CallLatency(Duration.ofMillis(medianMs), Duration.ZERO).sample(new SplittableRandom(1))).isZero();
    }
}
