package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The rig of docs/test-rig.md seen from the tests: endpoints of h0..h3 and a direct docker-java client per host,
 * which is the ground truth the end-to-end tests compare Gantry's answers with (containers by the
 * {@code gantry.cluster} label). Fails loudly when the rig is not there.
 */
public final class RigHosts {

    public static final String LABEL_CLUSTER = "gantry.cluster";
    public static final String LABEL_TASK_ARN = "gantry.task-arn";
    /**
     * The only host a test may kill or partition: h1 and h2 are shared with other test runs. h3 unless
     * {@code GANTRY_RIG_DISPOSABLE} names another (so that runs working side by side each break their own host).
     */
    public static final int DISPOSABLE = disposableHost();
    /**
     * A second host a test may break, for faults that need most of a cluster cut at once (h4 unless
     * {@code GANTRY_RIG_DISPOSABLE_2} names another); tests that need it are skipped when the rig does not have it.
     */
    public static final int SECOND_DISPOSABLE = secondDisposableHost();

    private static final Map<Integer, DockerClient> CLIENTS = new ConcurrentHashMap<>();

    private RigHosts() {
    }

    private static int disposableHost() {
        String host = System.getenv("GANTRY_RIG_DISPOSABLE");
        return host == null || host.isBlank() ? 3 : Integer.parseInt(host.trim());
    }

    private static int secondDisposableHost() {
        String host = System.getenv("GANTRY_RIG_DISPOSABLE_2");
        return host == null || host.isBlank() ? 4 : Integer.parseInt(host.trim());
    }

    public static Path directory() {
        String dir = System.getenv("GANTRY_RIG_DIR");
        assertThat(dir).as("GANTRY_RIG_DIR is not set: start the rig with 'scripts/rig.sh up 3' and export "
                + "GANTRY_RIG_DIR=/tmp/gantry-rig GANTRY_RIG_HOSTS=3 (see docs/test-rig.md)").isNotBlank();
        Path path = Path.of(dir);
        assertThat(path.resolve("h1/docker.sock")).as("no rig host h1 under %s: run 'scripts/rig.sh up 3'", path).exists();
        return path;
    }

    public static int hostCount() {
        String count = System.getenv("GANTRY_RIG_HOSTS");
        return count == null || count.isBlank() ? 1 : Integer.parseInt(count.trim());
    }

    public static String address(int host) {
        return "10.213.0." + (10 + host);
    }

    public static String unixSocket(int host) {
        return "unix://" + directory().resolve("h" + host + "/docker.sock");
    }

    public static String plainTcp(int host) {
        return "tcp://" + address(host) + ":2375";
    }

    public static String tlsTcp() {
        return "tcp://" + address(0) + ":2376";
    }

    public static String tlsFile(String name) {
        Path file = directory().resolve("tls").resolve(name);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("rig file missing: " + file + " (run scripts/rig.sh up)", e);
        }
    }

    /** A docker-java client on the host's unix socket (works while the host is partitioned). */
    public static DockerClient docker(int host) {
        return CLIENTS.computeIfAbsent(host, h -> {
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(unixSocket(h))
                    .withDockerTlsVerify(false).build();
            var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                    .connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofSeconds(30)).build();
            return DockerClientImpl.getInstance(config, http);
        });
    }

    /** Every container (running or not) on the host carrying {@code gantry.cluster=clusterArn}. */
    public static List<Container> containers(int host, String clusterArn) {
        return docker(host).listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_CLUSTER, clusterArn)).exec();
    }

    public static List<Container> running(int host, String clusterArn) {
        return containers(host, clusterArn).stream().filter(c -> "running".equals(c.getState())).toList();
    }

    public static List<Container> ofTask(int host, String clusterArn, String taskArn) {
        return containers(host, clusterArn).stream().filter(c -> taskArn.equals(c.getLabels().get(LABEL_TASK_ARN))).toList();
    }

    public static boolean answers(int host) {
        try {
            docker(host).pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Removes what a test left on the host: its cluster's containers and task networks. Best effort. */
    public static void removeCluster(int host, String clusterArn) {
        if (!answers(host)) {
            return;
        }
        try {
            for (Container c : containers(host, clusterArn)) {
                try {
                    docker(host).removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            docker(host).listNetworksCmd().withFilter("label", List.of(LABEL_CLUSTER + "=" + clusterArn)).exec()
                    .forEach(n -> {
                        try {
                            docker(host).removeNetworkCmd(n.getId()).exec();
                        } catch (RuntimeException ignored) {
                            // in use or gone
                        }
                    });
        } catch (RuntimeException ignored) {
            // host going away: nothing to clean
        }
    }

    /** {@code scripts/rig.sh <command> 3}; refuses any host but the disposable h3. */
    public static void rig(String command, int host) {
        assertThat(host).as("only h%d (and h%d) may be killed or partitioned: h1/h2 are shared", DISPOSABLE, SECOND_DISPOSABLE)
                .isIn(DISPOSABLE, SECOND_DISPOSABLE).isNotIn(1, 2);
        try {
            Process p = new ProcessBuilder("scripts/rig.sh", command, String.valueOf(host)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("rig.sh %s %d finished", command, host).isTrue();
            assertThat(p.exitValue()).as("rig.sh %s %d exit code", command, host).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
