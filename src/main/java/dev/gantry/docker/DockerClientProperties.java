package dev.gantry.docker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Gantry talks to each engine. Every host gets separate connection pools for liveness, ordinary requests,
 * long streams, pulls and followed logs, so that no long operation can make a host look dead.
 *
 * @param pullTimeout         a pull that has not finished in this long fails the task with CannotPullContainerError
 *                            (the ECS agent's ECS_IMAGE_PULL_TIMEOUT, whose default is longer: 2 h)
 * @param pullInactivityTimeout a pull from which the engine sends nothing for this long fails the same way: a
 *                            registry that accepts connections and never answers holds the engine's reply back
 *                            for ever (the ECS agent's ECS_IMAGE_PULL_INACTIVITY_TIMEOUT, default 1 min)
 * @param livenessTimeout     response timeout of the heartbeat's own client (info, version); shorter than the ping timeout
 * @param logFollowsPerHost   followed log streams open at once per host; more are refused with 429
 * @param logFollowMaxDuration a followed log stream is ended after this long (the client may ask again with since)
 */
@ConfigurationProperties("gantry.docker")
public record DockerClientProperties(
        @DefaultValue("10m") Duration pullTimeout,
        @DefaultValue("1m") Duration pullInactivityTimeout,
        @DefaultValue("4s") Duration livenessTimeout,
        @DefaultValue("16") int logFollowsPerHost,
        @DefaultValue("1h") Duration logFollowMaxDuration) {

    public DockerClientProperties {
        if (pullTimeout.isNegative() || pullTimeout.isZero()) {
            throw new IllegalArgumentException("gantry.docker.pull-timeout must be positive");
        }
        if (pullInactivityTimeout.isNegative() || pullInactivityTimeout.isZero()) {
            throw new IllegalArgumentException("gantry.docker.pull-inactivity-timeout must be positive");
        }
        if (livenessTimeout.isNegative() || livenessTimeout.isZero()) {
            throw new IllegalArgumentException("gantry.docker.liveness-timeout must be positive");
        }
        if (logFollowsPerHost < 1) {
            throw new IllegalArgumentException("gantry.docker.log-follows-per-host must be at least 1");
        }
        if (logFollowMaxDuration.isNegative() || logFollowMaxDuration.isZero()) {
            throw new IllegalArgumentException("gantry.docker.log-follow-max-duration must be positive");
        }
    }

    /** The defaults above, for code that opens hosts outside Spring (tests, benchmarks). */
    public static DockerClientProperties defaults() {
        return new DockerClientProperties(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(4), 16, Duration.ofHours(1));
    }
}
