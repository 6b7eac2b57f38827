package dev.gantry.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Flat combining: callers hand in items and wait; whichever caller takes the lock processes every item pending
 * at that moment in one call, for all of them. Alone, a caller processes its own item at once (no timer, no
 * added latency); under load, items that arrive while a batch is being processed form the next batch, so a
 * thousand concurrent writers make a few large transactions instead of a thousand small ones.
 *
 * @param <T> an item
 * @param <R> its result; {@code process} answers one per item, in order
 */
public final class Combiner<T, R> {

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Pending<T, R>> pending = new ConcurrentLinkedQueue<>();
    private final Function<List<T>, List<R>> process;

    public Combiner(Function<List<T>, List<R>> process) {
        this.process = process;
    }

    /** Processes {@code item} (with whatever else is pending) and returns its result; rethrows a failure of its batch. */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item, new CompletableFuture<>());
        pending.add(mine);
        lock.lock();
        try {
            if (!mine.result().isDone()) {
                List<Pending<T, R>> batch = new ArrayList<>();
                for (Pending<T, R> next = pending.poll(); next != null; next = pending.poll()) {
                    batch.add(next);
                }
                processBatch(batch);
            }
        } finally {
            lock.unlock();
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Items submitted and not yet taken into a batch: what a test waits on to know callers are queued. */
    int pendingCount() {
        return pending.size();
    }

    private void processBatch(List<Pending<T, R>> batch) {
        try {
            List<R> results = process.apply(batch.stream().map(Pending::item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("a batch of " + batch.size() + " gave " + results.size() + " results");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }
}
