package dev.gantry.docker.sim;

import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostFactory;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SimulatedDockerHost} per endpoint URI, all on one clock. Opening the same URI again returns
 * the same host, so a test can script a host by its endpoint while the code under test uses it.
 */
public final class SimulatedDockerHostFactory implements DockerHostFactory {

    private final Clock clock;
    private final SimulatedEngineProperties engine;
    private final CallTimeouts timeouts;
    private final Map<String, SimulatedDockerHost> hosts = new ConcurrentHashMap<>();
    /** The seed of hosts created from now on; a scenario test sets its own ({@link #seedNewHosts}). */
    private volatile long seed;

    public SimulatedDockerHostFactory(Clock clock) {
        this(clock, SimulatedEngineProperties.none(), CallTimeouts.of(dev.gantry.docker.DockerClientProperties.defaults()));
    }

    /** Hosts whose calls cost {@code engine}'s latency and, partitioned, hang for {@code timeouts}. */
    public SimulatedDockerHostFactory(Clock clock, SimulatedEngineProperties engine, CallTimeouts timeouts) {
        this.clock = clock;
        this.engine = engine;
        this.timeouts = timeouts;
        this.seed = engine.seed();
    }

    /**
     * Hosts created from now on draw their latency samples and container ids from {@code seed} and their name, so a
     * scenario that registers its hosts under a seed replays what its engines draw.
     */
    public void seedNewHosts(long seed) {
        this.seed = seed;
    }

    @Override
    public DockerHost open(DockerEndpoint endpoint) {
        return host(endpoint.uri());
    }

    /** The host behind {@code uri}, created on first use and named after the URI's host part. */
    public SimulatedDockerHost host(String uri) {
        return hosts.computeIfAbsent(uri, key -> new SimulatedDockerHost(hostName(key), clock,
                new SimulatedEngineProperties(engine.latencyMedian(), engine.latencyP99(), seed), timeouts));
    }

    /** Advances every host to the clock's current time. */
    public void tickAll() {
        hosts.values().forEach(SimulatedDockerHost::tick);
    }

    private static String hostName(String uri) {
        String withoutScheme = uri.replaceFirst("^[a-z]+://", "");
        int colon = withoutScheme.lastIndexOf(':');
        return colon > 0 ? withoutScheme.substring(0, colon) : withoutScheme;
    }
}
