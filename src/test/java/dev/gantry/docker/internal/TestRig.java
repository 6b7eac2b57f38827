package dev.gantry.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.docker.DockerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rig started by {@code scripts/rig.sh up N} (see docs/test-rig.md): where its sockets, addresses and
 * TLS material are. Tests that need it fail loudly without it; CI always provides it.
 */
final class TestRig {

    static final int TLS_HOST = 0;

    private TestRig() {
    }

    static Path directory() {
        String dir = System.getenv("GANTRY_RIG_DIR");
        assertThat(dir)
                .as("GANTRY_RIG_DIR is not set: start the rig with 'scripts/rig.sh up 3' and export "
                        + "GANTRY_RIG_DIR=/tmp/gantry-rig GANTRY_RIG_HOSTS=3 (see docs/test-rig.md)")
                .isNotBlank();
        Path path = Path.of(dir);
        assertThat(path.resolve("h1/docker.sock"))
                .as("no rig host h1 under %s: run 'scripts/rig.sh up 3'", path)
                .exists();
        return path;
    }

    static int hostCount() {
        String count = System.getenv("GANTRY_RIG_HOSTS");
        return count == null || count.isBlank() ? 1 : Integer.parseInt(count.trim());
    }

    static String address(int host) {
        return "10.213.0." + (10 + host);
    }

    static DockerEndpoint unixSocket(int host) {
        return DockerEndpoint.plain("unix://" + directory().resolve("h" + host + "/docker.sock"));
    }

    static DockerEndpoint plainTcp(int host) {
        return DockerEndpoint.plain("tcp://" + address(host) + ":2375");
    }

    /** The TLS host with the client certificate and key the rig generated; {@code keyFile} picks the key format. */
    static DockerEndpoint mutualTls(String keyFile) {
        Path tls = directory().resolve("tls");
        return new DockerEndpoint("tcp://" + address(TLS_HOST) + ":2376", read(tls.resolve("ca.pem")),
                read(tls.resolve("cert.pem")), read(tls.resolve(keyFile)));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("rig file missing: " + file + " (run scripts/rig.sh up)", e);
        }
    }
}
