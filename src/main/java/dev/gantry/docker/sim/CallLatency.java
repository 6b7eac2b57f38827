package dev.gantry.docker.sim;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A log-normal distribution of per-call latency given by its median and 99th percentile: engine round trips
 * have a long right tail, and two quantiles are what one reads off a real engine's histogram.
 */
record CallLatency(Duration median, Duration p99) {

    /** z of the 99th percentile of the standard normal distribution. */
    private static final double Z99 = 2.3263478740;

    static final CallLatency NONE = new CallLatency(Duration.ZERO, Duration.ZERO);

    boolean isNone() {
        return median.isZero();
    }

    /** One sample, drawn from {@code random}; the median itself when the two quantiles are equal. */
    Duration sample(RandomGenerator random) {
        if (isNone()) {
            return Duration.ZERO;
        }
        double medianNanos = median.toNanos();
        double sigma = Math.log(p99.toNanos() / medianNanos) / Z99;
        return Duration.ofNanos(Math.round(medianNanos * Math.exp(sigma * random.nextGaussian())));
    }
}
