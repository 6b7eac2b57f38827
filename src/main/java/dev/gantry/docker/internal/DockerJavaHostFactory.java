package dev.gantry.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
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
    /** The events stream and followed logs are silent for as long as nothing happens. */
    private static final Duration NO_RESPONSE_TIMEOUT = Duration.ZERO;

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
        return new DockerJavaHost(endpoint,
                client(config, uri, tls, RESPONSE_TIMEOUT),
                client(config, uri, tls, NO_RESPONSE_TIMEOUT));
    }

    private static DockerClient client(DefaultDockerClientConfig config, URI uri, SSLConfig tls, Duration responseTimeout) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(uri)
                .sslConfig(tls)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .maxConnections(50)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
