package dev.gantry.reconcile;

import dev.gantry.postgres.BackgroundWork;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A periodic job whose pass may take long (a walk over every host, a backlog of deletes) run off Spring's scheduler
 * thread: fixed-delay jobs share that one thread, so a long pass there would hold up the heartbeat, the loss check
 * and the resyncs behind it, and they would be reported stalled. A pass still running when the next is due is not
 * doubled; each pass is supervised by {@link LoopHealth} and counts as host work for the connection pools.
 */
final class OffSchedulerJob implements AutoCloseable {

    private final String name;
    private final LoopHealth loops;
    private final ExecutorService executor;
    private final AtomicBoolean running = new AtomicBoolean();

    OffSchedulerJob(String name, Duration interval, LoopHealth loops) {
        this.name = name;
        this.loops = loops;
        this.executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("gantry-" + name).factory());
        loops.register(name, interval);
    }

    /** Starts a pass of {@code body} unless one is running; returns at once. */
    void trigger(Runnable body) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    BackgroundWork.run(BackgroundWork.Workload.HOSTS, () -> loops.pass(name, body));
                } finally {
                    running.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            running.set(false);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
