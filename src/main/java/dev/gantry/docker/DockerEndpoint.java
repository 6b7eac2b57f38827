package dev.gantry.docker;

/**
 * How to reach an engine: {@code unix:///path} or {@code tcp://host:port}, with optional mutual TLS
 * material as PEM text. {@link #toString()} never shows the key.
 */
public record DockerEndpoint(String uri, String caPem, String certPem, String keyPem) {

    public static DockerEndpoint plain(String uri) {
        return new DockerEndpoint(uri, null, null, null);
    }

    public boolean tls() {
        return caPem != null && certPem != null && keyPem != null;
    }

    @Override
    public String toString() {
        return "DockerEndpoint[" + uri + (tls() ? ", mutual TLS" : "") + "]";
    }
}
