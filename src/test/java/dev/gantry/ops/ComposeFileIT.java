package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose itself accepts the shipped docker-compose.yml (OpsFilesTest checks what is in it; this checks that
 * the tool reads it). An integration test because it needs docker-compose, which the build's set-up installs.
 */
class ComposeFileIT {

    @Test
    void dockerComposeAcceptsTheShippedFile() throws Exception {
        Process p = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
        assertThat(p.exitValue()).as("docker-compose config -q: %s", output).isZero();
    }
}
