package dev.gantry.docker.sim;

import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHost.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Delivers events to subscribers on one daemon thread, in order and never under the host's lock,
 * which is how the real engine's stream behaves too (events arrive after the call that caused them).
 */
final class SimulatedEvents {

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulated-docker-events");
        thread.setDaemon(true);
        return thread;
    });

    /** While partitioned the stream neither delivers nor breaks: events are lost, as on a black-holed connection. */
    private volatile boolean silent;

    private record Subscriber(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
    }

    Subscription subscribe(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        Subscriber subscriber = new Subscriber(sink, onError);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void silence(boolean silent) {
        this.silent = silent;
    }

    /** Queues events for delivery; null entries (containers without Gantry's label) are dropped. */
    void publish(List<DockerEvent> events) {
        if (silent) {
            return;
        }
        List<DockerEvent> gantryEvents = events.stream().filter(Objects::nonNull).toList();
        if (gantryEvents.isEmpty() || subscribers.isEmpty() || delivery.isShutdown()) {
            return;
        }
        delivery.execute(() -> {
            for (DockerEvent event : gantryEvents) {
                subscribers.forEach(subscriber -> subscriber.sink().accept(event));
            }
        });
    }

    /** The stream breaks, as when the engine goes away: every subscriber is told once and dropped. */
    void fail(Throwable failure) {
        List<Subscriber> broken = List.copyOf(subscribers);
        subscribers.clear();
        if (!delivery.isShutdown()) {
            delivery.execute(() -> broken.forEach(subscriber -> subscriber.onError().accept(failure)));
        }
    }

    void closeAll() {
        subscribers.clear();
        delivery.shutdown();
    }
}
