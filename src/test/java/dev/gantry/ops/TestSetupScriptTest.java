package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test-setup.sh where the rig cannot be set up: it stops once, with one message saying what is needed and
 * the ways out, and changes nothing. Run in {@code --check} mode against an empty rig directory (never the rig in
 * use), from a copy of the script, and as an unprivileged user (the test drops to nobody when it runs as root).
 */
class TestSetupScriptTest {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run run(String hosts) throws IOException, InterruptedException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path script = scripts.resolve("test-setup.sh");
        Files.copy(Path.of("scripts/test-setup.sh"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rig = Files.createDirectories(dir.resolve("no-rig"));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(script.toString(), "--check"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("GANTRY_RIG_DIR", rig.toString());
        builder.environment().put("GANTRY_RIG_HOSTS", hosts);
        builder.environment().put("GANTRY_RIG_WAIT_SECONDS", "0");
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("test-setup.sh finished: %s", output).isTrue();
        return new Run(p.exitValue(), output);
    }

    @Test
    void withoutRootAndWithoutARigItFailsOnceSayingWhatIsNeeded() throws Exception {
        Run run = run("4");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output().lines().filter(l -> l.contains("cannot run on this machine"))).hasSize(1);
        assertThat(run.output()).contains("does not run as root").contains("network namespaces")
                .contains("docker.io").contains("GANTRY_RIG_DIR").contains("-DskipITs");
        assertThat(dir.resolve("no-rig")).isEmptyDirectory();
    }

    @Test
    void fewerThanFourHostsIsRefusedBeforeAnythingElse() throws Exception {
        Run run = run("3");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("GANTRY_RIG_HOSTS=3").contains("at least 4 hosts")
                .doesNotContain("cannot run on this machine");
    }
}
