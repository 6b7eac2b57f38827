package dev.gantry.docker.sim;

import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The fault mode and per-call latency of one simulated host, applied at the start of every call. */
final class SimulatedFaults {

    private volatile SimulatedDockerHost.FaultMode mode = SimulatedDockerHost.FaultMode.NONE;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicLong calls = new AtomicLong();
    private final CallTimeouts timeouts;
    private final CallLatency callLatency;
    private final SplittableRandom random;
    /** Notified when the partition ends, so that hanging calls go through as retransmitted packets would. */
    private final Object partition = new Object();

    SimulatedFaults(CallTimeouts timeouts, CallLatency callLatency, long seed) {
        this.timeouts = timeouts;
        this.callLatency = callLatency;
        this.random = new SplittableRandom(seed);
    }

    void set(SimulatedDockerHost.FaultMode mode, Duration latency) {
        synchronized (partition) {
            this.mode = mode;
            this.latency = latency == null ? Duration.ZERO : latency;
            partition.notifyAll();
        }
    }

    boolean partitioned() {
        return mode == SimulatedDockerHost.FaultMode.PARTITIONED;
    }

    /** An ordinary request (create, start, list, ...): a partition holds it for the request client's response timeout. */
    void check(String host) {
        check(host, timeouts.request());
    }

    /** The heartbeat's describe, on the liveness client and its shorter timeout. */
    void checkLiveness(String host) {
        check(host, timeouts.liveness());
    }

    /** Opening the event stream. */
    void checkStreamOpen(String host) {
        check(host, timeouts.streamOpen());
    }

    private void check(String host, Duration timeout) {
        switch (mode) {
            case NONE -> { }
            case UNREACHABLE -> throw unreachable(host);
            case SLOW -> pause(latency);
            case FLAPPING -> {
                if (calls.incrementAndGet() % 2 == 0) {
                    throw unreachable(host);
                }
            }
            case PARTITIONED -> hang(host, timeout);
        }
        if (!callLatency.isNone()) {
            Duration sample;
            synchronized (random) {
                sample = callLatency.sample(random);
            }
            pause(sample);
        }
    }

    /** A black-holed engine answers nothing: the caller waits out its timeout, unless the partition heals first. */
    private void hang(String host, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (partition) {
            try {
                long left;
                while (partitioned() && (left = deadline - System.nanoTime()) > 0) {
                    partition.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerHostException(Kind.UNREACHABLE, "interrupted while waiting for a partitioned engine", e);
            }
            if (partitioned()) {
                throw new DockerHostException(Kind.UNREACHABLE, host + ": simulated partition, no answer within "
                        + timeout.toMillis() + " ms", null);
            }
        }
    }

    /** A slow engine is slow in real time: that is what timeouts and thread pools of callers feel. */
    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHostException(Kind.UNREACHABLE, "interrupted while waiting for a slow engine", e);
        }
    }

    private static DockerHostException unreachable(String host) {
        return new DockerHostException(Kind.UNREACHABLE, host + ": simulated engine unreachable", null);
    }
}
