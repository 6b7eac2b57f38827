package dev.gantry.docker.sim;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much a simulated engine costs per call ({@code gantry.docker.adapter=simulated} only). Every call sleeps in
 * real time for a log-normal sample with this median and 99th percentile, so a benchmark on simulated hosts pays
 * what a round trip to a real engine costs; zero (the default) answers at once, as the simulator always did.
 *
 * @param latencyMedian median added per call; zero for none
 * @param latencyP99    99th percentile added per call; at least the median
 * @param seed          seed of the latency samples (printed by the benchmarks, so a run can be replayed)
 */
@ConfigurationProperties("gantry.docker.simulated")
public record SimulatedEngineProperties(
        @DefaultValue("0ms") Duration latencyMedian,
        @DefaultValue("0ms") Duration latencyP99,
        @DefaultValue("1") long seed) {

    public SimulatedEngineProperties {
        if (latencyMedian.isNegative()) {
            throw new IllegalArgumentException("gantry.docker.simulated.latency-median must not be negative");
        }
        if (latencyP99.compareTo(latencyMedian) < 0) {
            throw new IllegalArgumentException("gantry.docker.simulated.latency-p99 must be at least latency-median");
        }
    }

    /** No added latency. */
    public static SimulatedEngineProperties none() {
        return new SimulatedEngineProperties(Duration.ZERO, Duration.ZERO, 1);
    }

    CallLatency latency() {
        return new CallLatency(latencyMedian, latencyP99);
    }
}
