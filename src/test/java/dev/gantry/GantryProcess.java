package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Gantry as a real operating-system process started from the packaged jar ({@code target/gantry-*.jar}; Failsafe
 * runs after {@code package}), exactly as {@code java -jar} runs it, so that tests can send it real signals:
 * SIGKILL (what the OOM killer does), SIGSTOP / SIGCONT (a paused leader). Output goes to a log file under
 * {@code target/test-logs/processes} ({@link TestLogs}), kept for diagnosis after the working directory is gone and
 * searched for secrets with the run's other logs.
 */
public final class GantryProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GantryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Gantry with {@code properties} as {@code --name=value} arguments (the port is chosen here unless
     * {@code server.port} is given) and the working directory {@code workDir} (so {@code ./data} lands there),
     * bootstrapped with the tests' key ({@link TestCredentials}) through the environment variables an operator sets.
     */
    public static GantryProcess start(Path workDir, Map<String, String> properties) {
        return start(workDir, properties, TestCredentials.bootstrapEnvironment());
    }

    /**
     * As {@link #start(Path, Map)} with {@code environment} added to the inherited environment instead of the tests'
     * bootstrap key: {@code Map.of()} lets Gantry generate its bootstrap key into the data directory. The tests'
     * own environment never hands the jar a bootstrap key of its own.
     */
    public static GantryProcess start(Path workDir, Map<String, String> properties, Map<String, String> environment) {
        try {
            Files.createDirectories(workDir);
            Map<String, String> props = new LinkedHashMap<>(properties);
            int port = props.containsKey("server.port") ? Integer.parseInt(props.get("server.port")) : freePort();
            props.put("server.port", String.valueOf(port));
            // as profile "it" does: these tests write faster than the ECS-like API limits allow (RateLimitIT and
            // RateLimitSyncIT test the limits themselves); a test may switch them on with this property
            props.putIfAbsent("gantry.security.rate-limiting.enabled", "false");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", packagedJar().toString()));
            props.forEach((k, v) -> command.add("--" + k + "=" + v));
            Path log = TestLogs.processLog(workDir.getFileName() + "-gantry-" + port);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove(TestCredentials.ACCESS_KEY_ID_ENV);
            builder.environment().remove(TestCredentials.SECRET_ACCESS_KEY_ENV);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new GantryProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path packagedJar() {
        try (Stream<Path> files = Files.list(Path.of("target").toAbsolutePath())) {
            return files.filter(p -> p.getFileName().toString().matches("gantry-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/gantry-*.jar: run mvn package first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A request to this process's API carrying the tests' key. */
    public HttpRequest.Builder request(String path) {
        return TestCredentials.request(URI.create(baseUrl() + path));
    }

    /** A {@code RestTestClient} for this process's API sending the tests' key. */
    public RestTestClient client() {
        return TestCredentials.client(baseUrl());
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until readiness answers UP; fails with the log's tail if the process dies or time runs out. */
    public GantryProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("Gantry exited (code %s):%n%s", exitCode(), logTail(60)).isTrue();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new AssertionError("Gantry not ready within " + timeout + ":\n" + logTail(60));
    }

    private String exitCode() {
        return process.isAlive() ? "running" : String.valueOf(process.exitValue());
    }

    /** SIGKILL, as the OOM killer sends it; returns once the process is gone. */
    public void kill9() {
        signal("KILL");
        awaitExit();
    }

    /** SIGSTOP: the process freezes (a long GC pause, a suspended VM) without closing any socket. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** SIGTERM and wait for the graceful shutdown. */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %d", name, process.pid())
                    .isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitExit() {
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process %d gone", process.pid()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Graceful stop if still running (resuming it first if paused). */
    @Override
    public void close() {
        if (process.isAlive()) {
            signal("CONT");
            stop();
        }
    }
}
