package dev.gantry.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import dev.gantry.docker.DockerClientProperties;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Opens a {@link DockerJavaHost} per endpoint (httpclient5 transport; {@code unix://} and {@code tcp://};
 * mutual TLS from the endpoint's PEM text, kept in memory). The caller owns and closes the host.
 * Nothing is read from the environment ({@code DOCKER_HOST}, ~/.docker): the endpoint is the whole truth.
 */
public final class DockerJavaHostFactory implements DockerHostFactory {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** The events stream and followed logs are silent for as long as nothing happens; their own deadlines bound them. */
    private static final Duration NO_RESPONSE_TIMEOUT = Duration.ZERO;
    /** One ping at a time per host (the heartbeat is single-flight per instance), plus registration's check. */
    private static final int LIVENESS_CONNECTIONS = 2;
    private static final int REQUEST_CONNECTIONS = 50;
    /** The event stream and stops whose grace outlasts the response timeout. */
    private static final int STREAM_CONNECTIONS = 20;
    static final int PULL_CONNECTIONS = 50;

    private final DockerClientProperties settings;

    public DockerJavaHostFactory() {
        this(DockerClientProperties.defaults());
    }

    public DockerJavaHostFactory(DockerClientProperties settings) {
        this.settings = settings;
    }

    /**
     * Five clients, each with its own connection pool, so that one kind of work can never starve another: a host
     * busy with fifty hour-long pulls, a scale-up's creates and a crowd of log readers still answers its heartbeat
     * on the liveness pool, and its event stream still reconnects on the stream pool. The follow pool is one larger
     * than the follow limit, which is enforced before a request reaches it.
     */
    @Override
    public DockerHost open(DockerEndpoint endpoint) {
        URI uri = URI.create(endpoint.uri());
        if (!"unix".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
            throw new IllegalArgumentException("unsupported Docker endpoint scheme: " + endpoint);
        }
        SSLConfig tls = endpoint.tls()
                ? new PemSslConfig(endpoint.caPem(), endpoint.certPem(), endpoint.keyPem())
                : null;
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.uri())
                .withDockerTlsVerify(false)
                .build();
        return new DockerJavaHost(endpoint, new DockerJavaHost.Clients(
                client(config, uri, tls, settings.livenessTimeout(), LIVENESS_CONNECTIONS),
                client(config, uri, tls, RESPONSE_TIMEOUT, REQUEST_CONNECTIONS),
                client(config, uri, tls, NO_RESPONSE_TIMEOUT, STREAM_CONNECTIONS),
                // the engine sends no reply at all while its registry does not answer: the inactivity timeout ends that
                () -> client(config, uri, tls, settings.pullInactivityTimeout(), PULL_CONNECTIONS),
                client(config, uri, tls, NO_RESPONSE_TIMEOUT, settings.logFollowsPerHost() + 1)), settings);
    }

    private static DockerClient client(DefaultDockerClientConfig config, URI uri, SSLConfig tls, Duration responseTimeout,
            int connections) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(uri)
                .sslConfig(tls)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .maxConnections(connections)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
