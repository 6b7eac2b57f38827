package dev.gantry.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHost.Subscription;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine's container event stream, limited to Gantry's containers (label {@code gantry.task-arn}).
 * {@link #open} returns only once the engine has answered the subscription (or fails): a caller that lists
 * containers after it returns cannot miss an event between its listing and the stream. The stream ending for
 * any reason other than {@link #close()} after that is reported to {@code onError}, so the subscriber knows to
 * resubscribe and re-list; a failure to open is thrown instead, and never reported to {@code onError}.
 */
final class ContainerEventStream extends ResultCallback.Adapter<Event> implements Subscription {

    static final String TASK_LABEL = "gantry.task-arn";

    private final Consumer<DockerEvent> sink;
    private final Consumer<Throwable> onError;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completed when the engine answered the subscription, or exceptionally when it did not. */
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** An engine that takes longer than this to answer a subscription is treated as not answering. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    private ContainerEventStream(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        this.sink = sink;
        this.onError = onError;
    }

    static ContainerEventStream open(DockerClient client, Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        ContainerEventStream stream = new ContainerEventStream(sink, onError);
        client.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(TASK_LABEL)
                .exec(stream);
        try {
            stream.opened.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return stream;
        } catch (ExecutionException e) {
            stream.close();
            throw EngineErrors.classify("events", asRuntime(e.getCause()));
        } catch (TimeoutException e) {
            stream.close();
            throw new DockerHostException(Kind.UNREACHABLE, "events: the engine did not answer the subscription within "
                    + OPEN_TIMEOUT.toSeconds() + " s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new DockerHostException(Kind.UNREACHABLE, "events: interrupted while subscribing", e);
        }
    }

    @Override
    public void onStart(java.io.Closeable engineStream) {
        super.onStart(engineStream);
        opened.complete(null);
    }

    @Override
    public void onNext(Event event) {
        if (event.getId() == null || event.getAction() == null) {
            return;
        }
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of()
                : Map.copyOf(event.getActor().getAttributes());
        sink.accept(new DockerEvent(event.getId(), event.getAction(), attributes, time(event)));
    }

    @Override
    public void onError(Throwable failure) {
        if (opened.completeExceptionally(failure)) {
            closeStream();
            return;
        }
        if (!closed.get()) {
            onError.accept(EngineErrors.classify("events", asRuntime(failure)));
        }
        closeStream();
    }

    @Override
    public void onComplete() {
        if (opened.completeExceptionally(new DockerHostException(Kind.UNREACHABLE, "event stream ended at once", null))) {
            closeStream();
            return;
        }
        if (!closed.get()) {
            onError.accept(new DockerHostException(Kind.UNREACHABLE, "event stream ended", null));
        }
        closeStream();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeStream();
        }
    }

    private void closeStream() {
        try {
            super.close();
        } catch (IOException ignored) {
            // The connection is being dropped anyway.
        }
    }

    private static Instant time(Event event) {
        if (event.getTimeNano() != null) {
            long nanos = event.getTimeNano();
            return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        }
        // an engine that does not stamp the event: no time rather than this JVM's, which is not the engine's
        return event.getTime() == null ? null : Instant.ofEpochSecond(event.getTime());
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
