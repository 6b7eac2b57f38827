package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rig's Docker hosts as seen from outside Gantry: the {@code docker} CLI against each host's
 * socket, and {@code scripts/rig.sh} for a host's lifecycle. Containers are always counted by the
 * test's own cluster label, because other test JVMs share the rig.
 */
final class RigHosts {

    private RigHosts() {
    }

    static Path directory() {
        String dir = System.getenv("GANTRY_RIG_DIR");
        assertThat(dir).as("GANTRY_RIG_DIR is not set: start the rig with 'scripts/rig.sh up 3' and export "
                + "GANTRY_RIG_DIR=/tmp/gantry-rig GANTRY_RIG_HOSTS=3 (see docs/test-rig.md)").isNotBlank();
        return Path.of(dir);
    }

    static String socket(int host) {
        return "unix://" + directory().resolve("h" + host + "/docker.sock");
    }

    /** IDs of the running containers on a host that carry every given label ({@code key=value}). */
    static List<String> running(int host, String... labels) {
        List<String> args = new ArrayList<>(List.of("docker", "-H", socket(host), "ps", "-q", "--no-trunc"));
        for (String label : labels) {
            args.add("--filter");
            args.add("label=" + label);
        }
        Result r = run(Duration.ofSeconds(20), args);
        assertThat(r.exit()).as("docker ps on h%d: %s", host, r.output()).isZero();
        return r.output().isBlank() ? List.of() : Arrays.asList(r.output().trim().split("\\s+"));
    }

    static int countRunning(int host, String clusterArn, String serviceName) {
        return running(host, "gantry.cluster=" + clusterArn, "gantry.service=" + serviceName).size();
    }

    static int countRunning(List<Integer> hosts, String clusterArn, String serviceName) {
        return hosts.stream().mapToInt(h -> countRunning(h, clusterArn, serviceName)).sum();
    }

    static void kill(int host, String containerId) {
        Result r = run(Duration.ofSeconds(20), List.of("docker", "-H", socket(host), "kill", containerId));
        assertThat(r.exit()).as("docker kill: %s", r.output()).isZero();
    }

    /** Best effort: removes every container of the cluster on the host (the host may be down). */
    static void removeAll(int host, String clusterArn) {
        Result r = run(Duration.ofSeconds(20), List.of("docker", "-H", socket(host), "ps", "-aq", "--filter",
                "label=gantry.cluster=" + clusterArn));
        if (r.exit() != 0 || r.output().isBlank()) {
            return;
        }
        List<String> rm = new ArrayList<>(List.of("docker", "-H", socket(host), "rm", "-f"));
        rm.addAll(Arrays.asList(r.output().trim().split("\\s+")));
        run(Duration.ofSeconds(60), rm);
    }

    static boolean answers(int host) {
        return run(Duration.ofSeconds(10), List.of("docker", "-H", socket(host), "version", "--format",
                "{{.Server.Version}}")).exit() == 0;
    }

    /** {@code scripts/rig.sh ARGS}: kill N, start N, ... (only ever for the host a test owns). */
    static void rig(String... args) {
        List<String> cmd = new ArrayList<>(List.of("scripts/rig.sh"));
        cmd.addAll(List.of(args));
        Result r = run(Duration.ofSeconds(150), cmd);
        assertThat(r.exit()).as("rig.sh %s: %s", String.join(" ", args), r.output()).isZero();
    }

    record Result(int exit, String output) {
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
