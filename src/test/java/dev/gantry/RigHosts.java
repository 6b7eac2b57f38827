package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one harness for the rig of docs/test-rig.md, as the tests see it: where the hosts are, a direct docker-java
 * client per host (the ground truth tests compare Gantry's answers with, always by the test's own
 * {@code gantry.cluster} label because other test JVMs share the rig), and {@code scripts/rig.sh} for the
 * lifecycle of the hosts a test may break.
 *
 * <p>Which hosts a test may use:
 * <ul>
 * <li>{@link #SHARED} (h1, h2): any test may run containers there; nobody kills, partitions or reinstalls them.</li>
 * <li>{@link #DISPOSABLE} and {@link #SECOND_DISPOSABLE}: the only hosts {@link #rig} accepts. h3 and h4 by default
 * (the rig {@code scripts/test-setup.sh} starts has four hosts); {@code GANTRY_RIG_DISPOSABLE} and
 * {@code GANTRY_RIG_DISPOSABLE_2} name others, so that runs working side by side each break their own.</li>
 * <li>h0: the mutual-TLS host, {@link #tlsTcp()}.</li>
 * </ul>
 *
 * <p>The build ({@code ./mvnw verify}) starts or reuses the rig before the integration tests and hands its place to
 * them as {@code GANTRY_RIG_DIR} and {@code GANTRY_RIG_HOSTS}; without them (a test started from an IDE) the
 * defaults of {@code scripts/rig.sh} apply.
 */
public final class RigHosts {

    public static final String LABEL_CLUSTER = "gantry.cluster";
    public static final String LABEL_SERVICE = "gantry.service";
    public static final String LABEL_TASK_ARN = "gantry.task-arn";
    /** Hosts every test may place containers on and none may break. */
    public static final List<Integer> SHARED = List.of(1, 2);
    /** The host a test may kill, partition or reinstall. */
    public static final int DISPOSABLE = hostFromEnv("GANTRY_RIG_DISPOSABLE", 3);
    /** A second breakable host, for faults that need most of a cluster cut at once. */
    public static final int SECOND_DISPOSABLE = hostFromEnv("GANTRY_RIG_DISPOSABLE_2", 4);
    public static final int TLS_HOST = 0;

    private static final String DEFAULT_DIR = "/tmp/gantry-rig";
    private static final int DEFAULT_HOSTS = 4;
    private static final Map<Integer, DockerClient> CLIENTS = new ConcurrentHashMap<>();
    /** Host ports for tests, 20000..25999: a block of 60 per JVM (by process id), handed out in turn. */
    private static final int PORT_BLOCK = 60;
    private static final int PORT_BASE = 20000 + (int) (ProcessHandle.current().pid() % 100) * PORT_BLOCK;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger();

    static {
        assertThat(List.of(DISPOSABLE, SECOND_DISPOSABLE)).as("GANTRY_RIG_DISPOSABLE(_2) may not name a shared host")
                .doesNotContainAnyElementsOf(SHARED).doesNotContain(TLS_HOST);
    }

    private RigHosts() {
    }

    private static int hostFromEnv(String variable, int fallback) {
        String host = System.getenv(variable);
        return host == null || host.isBlank() ? fallback : Integer.parseInt(host.trim());
    }

    public static Path directory() {
        String dir = System.getenv("GANTRY_RIG_DIR");
        Path path = Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir);
        assertThat(path.resolve("h1/docker.sock"))
                .as("no rig host h1 under %s: './mvnw verify' starts the rig (scripts/test-setup.sh); "
                        + "see docs/test-rig.md", path)
                .exists();
        return path;
    }

    public static int hostCount() {
        return hostFromEnv("GANTRY_RIG_HOSTS", DEFAULT_HOSTS);
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
        return "tcp://" + address(TLS_HOST) + ":2376";
    }

    /** A file of the rig's TLS material: ca.pem, cert.pem, key.pem (PKCS#8) or key-rsa.pem (PKCS#1). */
    public static String tlsFile(String name) {
        Path file = directory().resolve("tls").resolve(name);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("rig file missing: " + file + " (run scripts/test-setup.sh)", e);
        }
    }

    /**
     * A host port no other test of this JVM uses, and other JVMs on the rig are unlikely to (their blocks differ by
     * process id): not random, so a failing run's ports are the same when it is run again in the same order.
     */
    public static int hostPort() {
        return PORT_BASE + NEXT_PORT.getAndIncrement() % PORT_BLOCK;
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

    /** Ids of the running containers on a host that carry every given label ({@code key=value}). */
    public static List<String> runningIds(int host, String... labels) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            filter.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return docker(host).listContainersCmd().withLabelFilter(filter).exec().stream().map(Container::getId).toList();
    }

    /** Running containers of the cluster's service on the host. */
    public static int countRunning(int host, String clusterArn, String serviceName) {
        return runningIds(host, LABEL_CLUSTER + "=" + clusterArn, LABEL_SERVICE + "=" + serviceName).size();
    }

    public static int countRunning(List<Integer> hosts, String clusterArn, String serviceName) {
        return hosts.stream().mapToInt(h -> countRunning(h, clusterArn, serviceName)).sum();
    }

    /** The container's main process gets SIGKILL (the host stays up): a crashed task, not a lost host. */
    public static void killContainer(int host, String containerId) {
        docker(host).killContainerCmd(containerId).exec();
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

    /** Every host a test may have used: h0..hN and the disposable ones even when they lie beyond N. */
    public static List<Integer> allHosts() {
        List<Integer> hosts = new ArrayList<>();
        for (int h = 0; h <= hostCount(); h++) {
            hosts.add(h);
        }
        for (int h : List.of(DISPOSABLE, SECOND_DISPOSABLE)) {
            if (!hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return hosts;
    }

    /** {@link #removeCluster} on {@link #allHosts()}. */
    public static void removeClusterEverywhere(String clusterArn) {
        allHosts().forEach(h -> removeCluster(h, clusterArn));
    }

    /**
     * {@code scripts/rig.sh <command> <host>} (kill, start, partition, heal, reinstall); refuses every host but
     * {@link #DISPOSABLE} and {@link #SECOND_DISPOSABLE}.
     */
    public static void rig(String command, int host) {
        assertThat(host).as("only h%d and h%d may be killed, partitioned or reinstalled: h1 and h2 are shared",
                DISPOSABLE, SECOND_DISPOSABLE).isIn(DISPOSABLE, SECOND_DISPOSABLE);
        Result r = run(Duration.ofSeconds(150), List.of("scripts/rig.sh", command, String.valueOf(host)));
        assertThat(r.exit()).as("rig.sh %s %d: %s", command, host, r.output()).isZero();
    }

    /** The {@code docker} CLI against a host, for what docker-java does not offer plainly (events, formats). */
    public static Result dockerCli(int host, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", unixSocket(host)));
        command.addAll(Arrays.asList(arguments));
        return run(timeout, command);
    }

    public record Result(int exit, String output) {
    }

    private static Result run(Duration timeout, List<String> command) {
        Path output = null;
        try {
            // output to a file, not a pipe: a command writing more than a pipe holds would block until the timeout
            output = Files.createTempFile("rig-command", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeout + ": " + command + "\n" + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }
}
