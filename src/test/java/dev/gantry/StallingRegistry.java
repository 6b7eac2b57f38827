package dev.gantry;

import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.UUID;

/**
 * A registry that does not answer, on one rig host: a container in the host's own network namespace listening on
 * {@code 127.0.0.1:PORT} (an insecure-by-default registry address for dockerd, so it speaks plain HTTP). It answers
 * the registry ping {@code GET /v2/} and then holds every other request open without a byte in reply. The engine
 * sends its pull caller nothing at all while it waits, for ever: what a registry behind a black-holing firewall or
 * an overloaded one looks like to the engine. Traffic never leaves the host's namespace.
 */
public final class StallingRegistry implements AutoCloseable {

    private static final String SCRIPT = """
            cat > /tmp/h <<'EOF'
            read method path rest
            case "$path" in
              /v2/) echo -e "HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nDocker-Distribution-API-Version: registry/2.0\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\n{}";;
              *) sleep 100000;;
            esac
            EOF
            chmod +x /tmp/h
            exec nc -ll -p "$PORT" -e /tmp/h
            """;

    private final int host;
    private final String containerId;
    private final int port;

    private StallingRegistry(int host, String containerId, int port) {
        this.host = host;
        this.containerId = containerId;
        this.port = port;
    }

    public static StallingRegistry start(int host) {
        int port = RigHosts.hostPort();
        String id = RigHosts.docker(host).createContainerCmd(E2ESupport.IMAGE)
                .withName("gantry-test-stalling-registry-" + UUID.randomUUID().toString().substring(0, 8))
                .withEnv("PORT=" + port)
                .withCmd(List.of("sh", "-c", SCRIPT))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec().getId();
        RigHosts.docker(host).startContainerCmd(id).exec();
        return new StallingRegistry(host, id, port);
    }

    /** An image reference on this registry; every pull of it hangs in the engine. */
    public String image(String name) {
        return "127.0.0.1:" + port + "/" + name + ":1";
    }

    @Override
    public void close() {
        try {
            RigHosts.docker(host).removeContainerCmd(containerId).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // the host may be gone; the container holds nothing but a port
        }
    }
}
