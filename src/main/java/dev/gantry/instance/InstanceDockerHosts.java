package dev.gantry.instance;

import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.InstrumentedDockerHost;
import io.micrometer.core.instrument.MeterRegistry;
import dev.gantry.shared.SecretBox;
import jakarta.annotation.PreDestroy;
import dev.gantry.docker.DockerClientProperties;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One open Docker client per container instance, opened lazily from the stored endpoint (the TLS
 * key is decrypted only here, in memory) and closed when the instance is deregistered.
 */
@Component
public class InstanceDockerHosts {

    private final DockerHostFactory factory;
    private final ContainerInstanceRepository instances;
    private final SecretBox secrets;
    private final MeterRegistry meters;
    private final Map<String, DockerHost> open = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> follows = new ConcurrentHashMap<>();
    private final DockerClientProperties settings;
    private final AtomicInteger following = new AtomicInteger();

    InstanceDockerHosts(DockerHostFactory factory, ContainerInstanceRepository instances, SecretBox secrets,
            MeterRegistry meters, DockerClientProperties settings) {
        this.factory = factory;
        this.instances = instances;
        this.secrets = secrets;
        this.meters = meters;
        this.settings = settings;
        Gauge.builder("gantry.docker.log.follows", following, AtomicInteger::get)
                .description("followed container log streams open, all hosts").register(meters);
    }

    /**
     * A place for one followed log stream on the instance's host, or empty when {@code gantry.docker.log-follows-per-host}
     * are open already. Asked before the response starts, so a refusal is a clean 429. Close the permit when the stream
     * ends, whichever way it ends.
     */
    public Optional<FollowPermit> tryFollow(String instanceId) {
        Semaphore places = follows.computeIfAbsent(instanceId, id -> new Semaphore(settings.logFollowsPerHost()));
        if (!places.tryAcquire()) {
            return Optional.empty();
        }
        following.incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                following.decrementAndGet();
                places.release();
            }
        });
    }

    public Duration longestFollow() {
        return settings.logFollowMaxDuration();
    }

    /** One followed stream's place; closing it twice releases it once. */
    public interface FollowPermit extends AutoCloseable {
        @Override
        void close();
    }

    public DockerHost forInstance(String instanceId) {
        return open.computeIfAbsent(instanceId, id -> {
            ContainerInstanceRepository.StoredEndpoint stored = instances.endpoint(id).orElseThrow(() ->
                    new DockerHostException(DockerHostException.Kind.UNREACHABLE, "unknown container instance " + id, null));
            DockerHost host = factory.open(new DockerEndpoint(stored.uri(), stored.caPem(), stored.certPem(),
                    stored.sealedKeyPem() == null ? null : secrets.open(stored.sealedKeyPem())));
            // the host tag is the container instance id: bounded by the registered hosts, unlike task ids
            return new InstrumentedDockerHost(host, meters, id.trim());
        });
    }

    /** Opens a client for an endpoint that is not registered yet (registration's reachability check). */
    DockerHost openUnregistered(DockerEndpoint endpoint) {
        return new InstrumentedDockerHost(factory.open(endpoint), meters, "unregistered");
    }

    public void forget(String instanceId) {
        DockerHost host = open.remove(instanceId);
        if (host != null) {
            host.close();
        }
    }

    @PreDestroy
    void closeAll() {
        open.keySet().forEach(this::forget);
    }
}
