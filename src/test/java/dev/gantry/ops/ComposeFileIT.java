package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose itself accepts the shipped docker-compose.yml (OpsFilesTest checks what is in it; this checks that
 * the tool reads it). An integration test because it needs docker-compose, which the build's set-up installs.
 */
class ComposeFileIT {

    private record Config(int exit, String output) {
    }

    private static Config config(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
        return new Config(p.exitValue(), output);
    }

    @Test
    void dockerComposeAcceptsTheShippedFileGivenTheBootstrapKey() throws Exception {
        // a fixture of the key's shape, not a secret
        Config config = config(Map.of("GANTRY_BOOTSTRAP_ACCESS_KEY_ID", "GKCOMPOSEFILETEST000",
                "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY", "ComposeFileTestSecret0000000000000000000"));

        assertThat(config.exit()).as("docker-compose config -q: %s", config.output()).isZero();
    }

    @Test
    void withoutTheBootstrapKeyDockerComposeRefusesNamingWhatToSet() throws Exception {
        Config config = config(Map.of("GANTRY_BOOTSTRAP_ACCESS_KEY_ID", "GKCOMPOSEFILETEST000"));

        assertThat(config.exit()).as("docker-compose config -q without the secret: %s", config.output()).isNotZero();
        assertThat(config.output()).contains("set GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY");
    }
}
