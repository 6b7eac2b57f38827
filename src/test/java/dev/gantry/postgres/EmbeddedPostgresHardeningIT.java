package dev.gantry.postgres;

import static dev.gantry.postgres.EmbeddedCrashRecoveryE2E.call;
import static dev.gantry.postgres.EmbeddedCrashRecoveryE2E.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a real process from the jar, nothing configured: its PostgreSQL is durable, answers only
 * on 127.0.0.1 with the generated password (kept 0600 in the data directory, never in the log), and when its
 * postmaster is killed while Gantry runs, Gantry starts it again and serves the same data.
 */
class EmbeddedPostgresHardeningIT {

    @TempDir
    Path work;

    private GantryProcess gantry;

    @AfterEach
    void stop() {
        if (gantry != null) {
            gantry.close();
        }
        LeftoverPostmaster.endOn(work.resolve("data"), Duration.ofSeconds(30));
    }

    @Test
    void durablePasswordProtectedLoopbackOnlyAndRestartedWhenThePostmasterDies() throws Exception {
        gantry = GantryProcess.start(work, Map.of("gantry.reconcile.initial-delay", "1h")).awaitReady(Duration.ofSeconds(120));
        Path data = work.resolve("data").toRealPath();
        Path passwordFile = data.resolve(EmbeddedPostgresServer.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        LeftoverPostmaster.PidFile pidFile = LeftoverPostmaster.readPidFile(data).orElseThrow();
        int port = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim());

        try (Connection c = connect(port, password); Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(s, "full_page_writes")).isEqualTo("on");
            assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(s, "unix_socket_directories")).isEmpty();
        }
        assertThatThrownBy(() -> connect(port, "wrong").close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> connect(port, "").close()).isInstanceOf(SQLException.class);
        assertThat(Files.readString(gantry.logFile())).doesNotContain(password);

        call(gantry, "POST", "/v1/clusters", "{\"clusterName\":\"before-postmaster-crash\"}", 200);
        // the OOM killer picks the postmaster, not Gantry
        new ProcessBuilder("kill", "-KILL", Long.toString(pidFile.pid())).start().waitFor();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(LeftoverPostmaster.readPidFile(data).map(LeftoverPostmaster.PidFile::pid)).isPresent().get()
                    .isNotEqualTo(pidFile.pid());
            assertThat(status(gantry, "GET", "/v1/clusters/before-postmaster-crash", null)).isEqualTo(200);
            assertThat(status(gantry, "GET", "/actuator/health/liveness", null)).isEqualTo(200);
            assertThat(status(gantry, "GET", "/actuator/health/readiness", null)).isEqualTo(200);
        });
        call(gantry, "POST", "/v1/clusters", "{\"clusterName\":\"after-postmaster-crash\"}", 200);
        assertThat(Files.readString(gantry.logFile())).contains("is gone; starting it again").doesNotContain(password);

        // a graceful stop (SIGTERM) stops the server too: its exit is not mistaken for a crash to restart from
        gantry.stop();
        assertThat(LeftoverPostmaster.readPidFile(data).flatMap(p -> LeftoverPostmaster.facts(p.pid())
                .filter(f -> LeftoverPostmaster.isPostmasterOf(data, p, f)))).as("a postmaster left after a graceful stop")
                .isEmpty();
        assertThat(Files.readString(gantry.logFile())).doesNotContain("Could not start the embedded PostgreSQL again");
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
