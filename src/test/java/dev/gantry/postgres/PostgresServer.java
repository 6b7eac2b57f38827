package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real, external PostgreSQL server process for tests where the database is the fault: Debian's PostgreSQL 15
 * ({@value #BIN}; CI installs the {@code postgresql} package), initialised in a temporary directory, listening on a
 * free 127.0.0.1 port with password authentication, restarted or stopped by {@code pg_ctl} exactly as an operator
 * or a failing machine would. PostgreSQL refuses to run as root, so under root the commands run as the
 * {@code postgres} user ({@code runuser}). Fails loudly when the binaries are missing: a skipped fault test
 * proves nothing.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String BIN = "/usr/lib/postgresql/15/bin";
    private static final String USER = "gantry";

    private final Path root;
    private final Path data;
    private final int port;
    private final String password;

    private PostgresServer(Path root, int port, String password) {
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.password = password;
    }

    public static PostgresServer start() {
        assertThat(Path.of(BIN, "postgres")).as("PostgreSQL 15 server binaries (apt-get install postgresql)").exists();
        try {
            Path root = Files.createTempDirectory("gantry-pg15-");
            String password = UUID.randomUUID().toString();
            Files.writeString(root.resolve("password"), password + "\n");
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", root.toString()));
            }
            PostgresServer server = new PostgresServer(root, freePort(), password);
            server.pg(BIN + "/initdb", "-D", server.data.toString(), "-U", USER, "--auth=scram-sha-256",
                    "--pwfile=" + root.resolve("password"), "-E", "UTF8", "--no-sync");
            server.pg(BIN + "/pg_ctl", "-D", server.data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + server.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + root, "start");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The URL straight to the server (tests put a {@link TcpProxy} in between for Gantry). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** {@code pg_ctl restart -m fast}: sessions are disconnected, a checkpoint is written, the server starts again. */
    public void restartFast() {
        pg(BIN + "/pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t", "60", "-m", "fast",
                "restart");
    }

    /** {@code pg_ctl restart -m immediate}: the server quits as if it crashed and recovers from the WAL on start. */
    public void restartImmediate() {
        pg(BIN + "/pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t", "60", "-m",
                "immediate", "restart");
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public void close() {
        pg(BIN + "/pg_ctl", "-D", data.toString(), "-w", "-t", "30", "-m", "immediate", "stop");
        run(List.of("rm", "-rf", root.toString()));
    }

    private void pg(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) {
        try {
            // output to a file, not a pipe: the server pg_ctl starts inherits it and would hold a pipe open for good
            Path output = Files.createTempFile("pg-command-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            assertThat(p.exitValue()).as("%s:%n%s", command, Files.readString(output)).isZero();
            Files.delete(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
