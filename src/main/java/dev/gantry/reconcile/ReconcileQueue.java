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
 *   <li>{@link Reconciler.Outcome.RequeueAfter} schedules the next run; a trigger brings it forward;</li>
 *   <li>nothing a pass throws ends its key: an {@link Error} (a stack overflow, a missing class, out of memory) is
 *       retried with back-off like an exception, and counted as a restart in {@link LoopHealth}, which also reports
 *       a pass that never returns.</li>
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
    /** key → System.nanoTime() at the start of its pass in flight */
    private final Map<K, Long> passStarted = new ConcurrentHashMap<>();
    private final LoopHealth health;
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
        this(name, BackgroundWork.Workload.HOSTS, reconciler, minBackoff, maxBackoff, passTimer, LoopHealth.detached());
    }

    public ReconcileQueue(String name, BackgroundWork.Workload workload, Reconciler<K> reconciler, Duration minBackoff,
            Duration maxBackoff, Consumer<Duration> passTimer) {
        this(name, workload, reconciler, minBackoff, maxBackoff, passTimer, LoopHealth.detached());
    }

    /** {@code workload}: whose connection pool the passes use; {@code health}: where failed and stuck passes show. */
    public ReconcileQueue(String name, BackgroundWork.Workload workload, Reconciler<K> reconciler, Duration minBackoff,
            Duration maxBackoff, Consumer<Duration> passTimer, LoopHealth health) {
        this.health = health;
        health.watchQueue(name, this::oldestPassInFlight);
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

    /** How long the oldest pass in flight has been running; zero when none is. */
    Duration oldestPassInFlight() {
        long now = System.nanoTime();
        return passStarted.values().stream().map(start -> Duration.ofNanos(now - start)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    private void run(K key, KeyState state) {
        try {
            BackgroundWork.run(workload, () -> runMarked(key, state));
        } catch (Throwable t) {
            // the machinery around the pass failed (runMarked catches what the reconciler throws): without this the
            // key would stay marked running and never be reconciled again
            passStarted.remove(key);
            health.restarted(name, t);
            finish(key, state, backoff(failed(state)));
        }
    }

    private int failed(KeyState state) {
        synchronized (state) {
            return ++state.failures;
        }
    }

    private void runMarked(K key, KeyState state) {
        Duration next = null;
        long start = System.nanoTime();
        passStarted.put(key, start);
        try {
            Reconciler.Outcome outcome = reconciler.reconcile(key);
            synchronized (state) {
                state.failures = 0;
            }
            if (outcome instanceof Reconciler.Outcome.RequeueAfter(Duration delay)) {
                next = delay;
            }
        } catch (Exception | AssertionError e) {
            int failures = failed(state);
            next = backoff(failures);
            log.warn("{} reconcile of {} failed (attempt {}), retrying in {}: {}", name, key, failures, next, e.toString());
            log.debug("{} reconcile failure detail", name, e);
        } catch (Throwable t) {
            // an Error used to escape here and leave the key marked running for good: no pass of it ever again
            int failures = failed(state);
            next = backoff(failures);
            health.restarted(name, t);
        } finally {
            passStarted.remove(key);
            passTimer.accept(Duration.ofNanos(System.nanoTime() - start));
        }
        finish(key, state, next);
    }

    /** After a pass: once more at once if triggered meanwhile, else at {@code next} (if any). */
    private void finish(K key, KeyState state, Duration next) {
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
