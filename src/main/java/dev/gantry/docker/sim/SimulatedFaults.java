package dev.gantry.docker.sim;

import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The fault mode of one simulated host, applied at the start of every call. */
final class SimulatedFaults {

    private volatile SimulatedDockerHost.FaultMode mode = SimulatedDockerHost.FaultMode.NONE;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicLong calls = new AtomicLong();

    void set(SimulatedDockerHost.FaultMode mode, Duration latency) {
        this.mode = mode;
        this.latency = latency == null ? Duration.ZERO : latency;
    }

    void check(String host) {
        switch (mode) {
            case NONE -> { }
            case UNREACHABLE -> throw unreachable(host);
            case SLOW -> pause();
            case FLAPPING -> {
                if (calls.incrementAndGet() % 2 == 0) {
                    throw unreachable(host);
                }
            }
        }
    }

    /** A slow engine is slow in real time: that is what timeouts and thread pools of callers feel. */
    private void pause() {
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHostException(Kind.UNREACHABLE, "interrupted while waiting for a slow engine", e);
        }
    }

    private static DockerHostException unreachable(String host) {
        return new DockerHostException(Kind.UNREACHABLE, host + ": simulated engine unreachable", null);
    }
}
