package dev.gantry.reconcile;

import dev.gantry.postgres.BackgroundWork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} per key with the guarantees every loop relies on:
 * <ul>
 *   <li>at most one run per key at a time;</li>
 *   <li>a trigger that arrives during a run marks the key dirty and causes exactly one more run;</li>
 *   <li>an exception retries with exponential back-off (reset by a successful run);</li>
 *   <li>{@link Reconciler.Outcome.RequeueAfter} schedules the next run; a trigger brings it forward.</li>
 * </ul>
 * Runs happen on virtual threads; keys are independent.
 */
public final class ReconcileQueue<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileQueue.class);

    private final String name;
    private final BackgroundWork.Workload workload;
    private final Reconciler<K> reconciler;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Consumer<Duration> passTimer;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reconcile-timer").factory());
    private final Map<K, KeyState> states = new ConcurrentHashMap<>();
    /** The pending delayed trigger of each key, and when it fires. */
    private final Map<K, Soon> soon = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Soon(long dueNanos, ScheduledFuture<?> timer) {
    }

    private static final class KeyState {
        boolean running;
        boolean dirty;
        int failures;
    }

    public ReconcileQueue(String name, Reconciler<K> reconciler, Duration minBackoff, Duration maxBackoff,
            Consumer<Duration> passTimer) {
        this(name, BackgroundWork.Workload.HOSTS, reconciler, minBackoff, maxBackoff, passTimer);
    }

    /** {@code workload}: whose connection pool the passes use. */
    public ReconcileQueue(String name, BackgroundWork.Workload workload, Reconciler<K> reconciler, Duration minBackoff,
            Duration maxBackoff, Consumer<Duration> passTimer) {
        this.name = name;
        this.workload = workload;
        this.reconciler = reconciler;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.passTimer = passTimer;
    }

    /** Asks for a run of {@code key} as soon as possible. */
    public void trigger(K key) {
        if (closed) {
            return;
        }
        KeyState state = states.computeIfAbsent(key, k -> new KeyState());
        synchronized (state) {
            if (state.running) {
                state.dirty = true;
                return;
            }
            state.running = true;
        }
        workers.execute(() -> run(key, state));
    }

    /**
     * Asks for a run within {@code delay}; further calls before it fires add nothing unless they ask for an earlier
     * run, which then replaces it. Bursts of hints (a host's Docker events while it starts ten containers) become one
     * pass. The earliest request wins: a resync spread over the interval leaves a trigger seconds away pending for
     * most keys, and a Docker event for that key (a container that died) must not wait for it.
     */
    public void triggerSoon(K key, Duration delay) {
        if (closed) {
            return;
        }
        long due = System.nanoTime() + delay.toNanos();
        soon.compute(key, (k, pending) -> {
            if (pending != null && pending.dueNanos() - due <= 0) {
                return pending;
            }
            if (pending != null) {
                pending.timer().cancel(false);
            }
            ScheduledFuture<?> scheduled = schedule(k, due, delay);
            return scheduled == null ? null : new Soon(due, scheduled);
        });
    }

    /** Null when the queue is closing. */
    private ScheduledFuture<?> schedule(K key, long due, Duration delay) {
        try {
            return timer.schedule(() -> {
                // only this trigger's own entry: a replacement scheduled meanwhile stays pending
                soon.computeIfPresent(key, (k, pending) -> pending.dueNanos() == due ? null : pending);
                trigger(key);
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /**
     * Hands out a periodic resync of many keys evenly over {@code interval} instead of all at once: a thousand
     * host passes started together would queue for the same few database connections (API requests with
     * them), and then leave the interval idle.
     */
    public static <K> void spread(List<K> keys, Duration interval, BiConsumer<K, Duration> triggerSoon) {
        if (keys.isEmpty()) {
            return;
        }
        long step = interval.toNanos() / keys.size();
        for (int i = 0; i < keys.size(); i++) {
            triggerSoon.accept(keys.get(i), Duration.ofNanos(step * i));
        }
    }

    private void run(K key, KeyState state) {
        BackgroundWork.run(workload, () -> runMarked(key, state));
    }

    private void runMarked(K key, KeyState state) {
        Duration next = null;
        long start = System.nanoTime();
        try {
            Reconciler.Outcome outcome = reconciler.reconcile(key);
            synchronized (state) {
                state.failures = 0;
            }
            if (outcome instanceof Reconciler.Outcome.RequeueAfter(Duration delay)) {
                next = delay;
            }
        } catch (Exception | AssertionError e) {
            int failures;
            synchronized (state) {
                failures = ++state.failures;
            }
            next = backoff(failures);
            log.warn("{} reconcile of {} failed (attempt {}), retrying in {}: {}", name, key, failures, next, e.toString());
            log.debug("{} reconcile failure detail", name, e);
        } finally {
            passTimer.accept(Duration.ofNanos(System.nanoTime() - start));
        }
        boolean again;
        synchronized (state) {
            again = state.dirty;
            state.dirty = false;
            state.running = again;
        }
        if (again && !closed) {
            workers.execute(() -> run(key, state));
        } else if (next != null && !closed) {
            timer.schedule(() -> trigger(key), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    Duration backoff(int failures) {
        long millis = minBackoff.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Stops scheduling; runs in flight finish (bounded by {@code grace}). Queued keys are not lost: they are level-triggered. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
