package dev.gantry.docker.sim;

import dev.gantry.docker.DockerClientProperties;
import java.time.Duration;

/**
 * How long the docker-java adapter waits for an engine that does not answer, per kind of call: what a call to a
 * partitioned simulated host hangs for before it fails. The figures are those of the real adapter's clients
 * ({@code DockerJavaHostFactory.RESPONSE_TIMEOUT}, {@code ContainerEventStream.OPEN_TIMEOUT}, the liveness client's
 * {@link DockerClientProperties#livenessTimeout()}); a black-holed engine behind a kept-alive connection answers
 * nothing, so each call waits out its response timeout.
 *
 * @param liveness describe (the heartbeat's info and version, on their own client)
 * @param request  every ordinary request: create, start, stop, inspect, list, ...
 * @param streamOpen opening the event stream
 */
public record CallTimeouts(Duration liveness, Duration request, Duration streamOpen) {

    public static CallTimeouts of(DockerClientProperties client) {
        return new CallTimeouts(client.livenessTimeout(), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
