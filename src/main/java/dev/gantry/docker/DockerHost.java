package dev.gantry.docker;

import java.io.Closeable;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to one Docker engine. Only Gantry's own types cross it, never docker-java's.
 * Every method is synchronous and throws {@link DockerHostException} with a {@link DockerHostException.Kind}
 * the callers branch on (unreachable host vs. refused request vs. missing container vs. name conflict).
 *
 * <p>Contract that callers rely on:
 * <ul>
 *   <li>{@link #create} is idempotent by name: creating a name that exists throws {@code CONFLICT},
 *       so a retried launch never makes a second container.</li>
 *   <li>{@link #stop} and {@link #remove} of a container that is already stopped / gone succeed.</li>
 *   <li>{@link #list} includes stopped containers and filters by labels (all must match; an empty
 *       value matches any container that has the key). It reports what the engine's list reports: state,
 *       exit code, health, bindings, labels, image; {@code oomKilled}, {@code error} and the times may be
 *       missing, and {@link #inspect} has them.</li>
 *   <li>{@link #events} delivers only events of containers that carry the label {@code gantry.task-arn}.</li>
 * </ul>
 */
public interface DockerHost extends Closeable {

    HostInfo describe();

    /** Pulls the image per policy if needed, then creates (not starts) the container. */
    ContainerRef create(ContainerSpec spec);

    void start(ContainerRef container);

    /** SIGTERM (or the image's STOPSIGNAL), then SIGKILL after {@code grace}. */
    void stop(ContainerRef container, Duration grace);

    void remove(ContainerRef container);

    Optional<ContainerObservation> inspect(ContainerRef container);

    List<ContainerObservation> list(Map<String, String> labels);

    /** True when the image is present on the host. */
    boolean hasImage(String image);

    /** Subscribes to container events (die, oom, health_status, start, destroy); close to stop. */
    Subscription events(Consumer<DockerEvent> sink, Consumer<Throwable> onError);

    /**
     * Makes sure a user-defined bridge network with this name exists (creates it with the labels if not).
     * Containers of one task join such a network so they reach each other by name: their
     * {@link ContainerSpec#networkAliases()} resolve there. Idempotent; safe to call concurrently.
     */
    void ensureNetwork(String name, Map<String, String> labels);

    /** Removes the network; a missing network is success. Fails with {@code REFUSED} while containers use it. */
    void removeNetwork(String name);

    /**
     * The volumes carrying the label {@code labelKey}, and every label of {@code requiredLabels} with its value, that no
     * container (running or not) uses: name → value of {@code labelKey}.
     */
    Map<String, String> unusedVolumes(String labelKey, Map<String, String> requiredLabels);

    /** Removes the volume; a missing volume is success. Fails with {@code REFUSED} or {@code CONFLICT} while in use. */
    void removeVolume(String name);

    /** The engine's tagged images, and the ids of the images that containers (running or not) use. */
    ImageInventory images();

    /**
     * Removes one tag, never forced: the image itself goes only with its last tag, and an image a container
     * uses is refused ({@code CONFLICT}). A missing tag is success.
     */
    void removeImageTag(String reference);

    /**
     * Writes the container's stdout+stderr as text. With follow, blocks until the container stops, the reader goes away
     * (a write to {@code out} fails; the engine's stream is then released at once and the call returns), or
     * {@link LogRequest#maxDuration()} passes (then it fails with {@code REFUSED}, after releasing the stream).
     */
    void logs(ContainerRef container, LogRequest request, OutputStream out);

    @Override
    void close();

    interface Subscription extends Closeable {
        @Override
        void close();
    }

    /** {@code maxDuration}: the longest a followed read may last; null for the adapter's configured bound. */
    record LogRequest(Integer tail, Instant since, boolean follow, boolean timestamps, Duration maxDuration) {

        public LogRequest(Integer tail, Instant since, boolean follow, boolean timestamps) {
            this(tail, since, follow, timestamps, null);
        }
    }
}
