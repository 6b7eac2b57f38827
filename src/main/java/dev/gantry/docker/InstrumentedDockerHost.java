package dev.gantry.docker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times every Docker API call ({@code gantry.docker.api.duration}, by operation and outcome) and counts the
 * failed ones by host, operation and {@link DockerHostException.Kind} ({@code gantry.docker.api.errors}).
 * The histogram has no host label: with 13 buckets, ~20 operations and 2 outcomes it would be ~300k series
 * at 1,000 hosts; errors are rare, so their per-host series exist only for hosts that fail, which is where
 * the host matters. Following logs is not timed (it lasts as long as the container).
 */
public final class InstrumentedDockerHost implements DockerHost {

    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final DockerHost delegate;
    private final MeterRegistry meters;
    private final String host;

    public InstrumentedDockerHost(DockerHost delegate, MeterRegistry meters, String host) {
        this.delegate = delegate;
        this.meters = meters;
        this.host = host;
    }

    private <T> T call(String operation, Supplier<T> body) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return body.get();
        } catch (DockerHostException e) {
            outcome = "error";
            error(operation, e.kind().name());
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            error(operation, "UNEXPECTED");
            throw e;
        } finally {
            Timer.builder("gantry.docker.api.duration").description("Docker API calls, by operation and outcome")
                    .tag("operation", operation).tag("outcome", outcome)
                    .serviceLevelObjectives(BUCKETS).register(meters)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void run(String operation, Runnable body) {
        call(operation, () -> {
            body.run();
            return null;
        });
    }

    private void error(String operation, String kind) {
        Counter.builder("gantry.docker.api.errors").description("failed Docker API calls, by host, operation and kind")
                .tag("host", host).tag("operation", operation).tag("kind", kind).register(meters).increment();
    }

    @Override
    public HostInfo describe() {
        return call("describe", delegate::describe);
    }

    @Override
    public ContainerRef create(ContainerSpec spec) {
        return call("create", () -> delegate.create(spec));
    }

    @Override
    public void start(ContainerRef container) {
        run("start", () -> delegate.start(container));
    }

    @Override
    public void stop(ContainerRef container, Duration grace) {
        run("stop", () -> delegate.stop(container, grace));
    }

    @Override
    public void remove(ContainerRef container) {
        run("remove", () -> delegate.remove(container));
    }

    @Override
    public Optional<ContainerObservation> inspect(ContainerRef container) {
        return call("inspect", () -> delegate.inspect(container));
    }

    @Override
    public List<ContainerObservation> list(Map<String, String> labels) {
        return call("list", () -> delegate.list(labels));
    }

    @Override
    public boolean hasImage(String image) {
        return call("has_image", () -> delegate.hasImage(image));
    }

    @Override
    public Subscription events(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        return call("events", () -> delegate.events(sink, onError));
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        run("ensure_network", () -> delegate.ensureNetwork(name, labels));
    }

    @Override
    public void removeNetwork(String name) {
        run("remove_network", () -> delegate.removeNetwork(name));
    }

    @Override
    public Map<String, String> unusedVolumes(String labelKey, Map<String, String> requiredLabels) {
        return call("list_volumes", () -> delegate.unusedVolumes(labelKey, requiredLabels));
    }

    @Override
    public void removeVolume(String name) {
        run("remove_volume", () -> delegate.removeVolume(name));
    }

    @Override
    public ImageInventory images() {
        return call("list_images", delegate::images);
    }

    @Override
    public void removeImageTag(String reference) {
        run("remove_image", () -> delegate.removeImageTag(reference));
    }

    @Override
    public void logs(ContainerRef container, LogRequest request, OutputStream out) {
        if (request.follow()) {
            try {
                delegate.logs(container, request, out);
            } catch (DockerHostException e) {
                error("logs", e.kind().name());
                throw e;
            }
            return;
        }
        run("logs", () -> delegate.logs(container, request, out));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
