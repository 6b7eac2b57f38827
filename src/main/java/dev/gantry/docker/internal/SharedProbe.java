package dev.gantry.docker.internal;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One probe shared by many callers: while a probe runs, other callers wait for its answer instead of probing too,
 * and an answer younger than {@code fresh} is reused. Fifty pulls failing together against a registry that does not
 * answer each ask "does the engine itself still answer?"; probing on the heartbeat's two liveness connections fifty
 * times would queue the heartbeat behind them, and a healthy host would miss its ping.
 */
final class SharedProbe {

    private final BooleanSupplier probe;
    private final long freshNanos;
    private final LongSupplier nanoTime;
    // a lock rather than synchronized: the probe blocks on I/O, and callers are virtual threads (pinning on JDK 21)
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long answeredAt;
    private volatile boolean answered;
    private volatile boolean answer;

    SharedProbe(BooleanSupplier probe, Duration fresh, LongSupplier nanoTime) {
        this.probe = probe;
        this.freshNanos = fresh.toNanos();
        this.nanoTime = nanoTime;
    }

    boolean answer() {
        if (isFresh()) {
            return answer;
        }
        lock.lock();
        try {
            if (isFresh()) {
                return answer;
            }
            boolean result = probe.getAsBoolean();
            answer = result;
            answeredAt = nanoTime.getAsLong();
            answered = true;
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Callers waiting for the probe in flight: what a test waits on to know they all arrived. */
    int waitingCallers() {
        return lock.getQueueLength();
    }

    private boolean isFresh() {
        return answered && nanoTime.getAsLong() - answeredAt < freshNanos;
    }
}
