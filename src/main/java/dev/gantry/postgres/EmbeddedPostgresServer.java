package dev.gantry.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Gantry runs itself when no external database is configured, made fit to hold a control
 * plane's state rather than a test's: durable (fsync, synchronous commit and full-page writes on, where the
 * library's test defaults turn them off), reachable only by Gantry (127.0.0.1, no unix socket, scram-sha-256 with a
 * random password generated at the first start and kept in {@value #PASSWORD_FILE}, mode 0600, in the data
 * directory), started after ending a server left on the directory by a Gantry that was killed
 * ({@link LeftoverPostmaster}), and supervised: when its postmaster dies while Gantry runs, it is started again on
 * the same port and data, and PostgreSQL's crash recovery replays the WAL.
 */
final class EmbeddedPostgresServer implements Closeable {

    static final String PASSWORD_FILE = "gantry-postgres.password";
    static final String SUPERUSER = "postgres";
    /** The whole of pg_hba.conf: only Gantry's superuser, with its password, over loopback IPv4. */
    static final String HBA = """
            # Written by Gantry at each start of its embedded PostgreSQL: only Gantry connects, as the superuser, with the
            # password in %s, over 127.0.0.1. Edits are overwritten.
            host all %s 127.0.0.1/32 scram-sha-256
            """.formatted(PASSWORD_FILE, SUPERUSER);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final boolean durable;
    private final String password;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gantry-embedded-postgres-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile int port;
    private volatile EmbeddedPostgres postgres;
    private volatile LeftoverPostmaster.PidFile postmaster;
    private volatile String lastRestartFailure;
    private volatile boolean closing;

    private EmbeddedPostgresServer(Path dir, boolean durable, String password, int port) {
        this.dir = dir;
        this.durable = durable;
        this.password = password;
        this.port = port;
    }

    /**
     * The settings given on the server's command line (they win over postgresql.conf). The library starts the server
     * with {@code -F} (fsync off) and {@code synchronous_commit=off}; later {@code -c} options override both.
     */
    static Map<String, String> serverSettings(boolean durable) {
        Map<String, String> settings = new LinkedHashMap<>();
        String onOff = durable ? "on" : "off";
        settings.put("fsync", onOff);
        settings.put("synchronous_commit", onOff);
        settings.put("full_page_writes", onOff);
        settings.put("listen_addresses", "127.0.0.1");
        // pg_ctl hands the options to a shell: '' is an empty list, so no unix socket anyone on the machine could reach
        settings.put("unix_socket_directories", "''");
        settings.put("password_encryption", "scram-sha-256");
        settings.put("max_connections", "200");
        return settings;
    }

    static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, Duration superviseInterval)
            throws IOException {
        Files.createDirectories(dataDirectory);
        Path dir = dataDirectory.toRealPath();
        LeftoverPostmaster.endOn(dir, Duration.ofSeconds(60));
        boolean initialized = Files.exists(dir.resolve("PG_VERSION"));
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        Path pending = null;
        String password;
        Path sibling = dir.resolveSibling(dir.getFileName() + ".gantry-password-pending");
        if (Files.exists(passwordFile)) {
            password = Files.readString(passwordFile).trim();
        } else if (initialized && Files.exists(sibling)) {
            // the previous start ended between initdb and keeping its password
            password = Files.readString(sibling).trim();
            pending = sibling;
        } else if (!initialized) {
            // initdb wants an empty directory: the password waits beside it until the cluster exists
            password = newPassword();
            pending = writeSecret(pendingLocation(dir, sibling), password);
        } else {
            // a directory initialised before Gantry set passwords (trust): it gets one now, see converge()
            password = newPassword();
            writeSecret(passwordFile, password);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, durable, password, port);
        server.startPostmaster(initialized ? null : pending);
        if (pending != null) {
            Files.move(pending, passwordFile, StandardCopyOption.ATOMIC_MOVE);
            deleteIfTemporary(pending);
        }
        server.converge();
        server.supervisor.scheduleWithFixedDelay(server::supervise, superviseInterval.toMillis(), superviseInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Using embedded PostgreSQL (pid {}) on 127.0.0.1:{} with data in {}, {} (set SPRING_DATASOURCE_URL to use "
                + "an external one)", server.postmaster.pid(), server.port, dir,
                durable ? "durable (fsync, synchronous commit)" : "NOT durable (fsync off: a crash may lose or corrupt data)");
        return server;
    }

    private void startPostmaster(Path pendingPassword) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(120))
                // the library's readiness probe connects over TCP: it needs the password once pg_hba asks for one
                .setConnectConfig("password", password);
        serverSettings(durable).forEach(builder::setServerConfig);
        if (pendingPassword != null) {
            // initdb's arguments: later ones win over the library's "-A trust", so the server never trusts anyone
            builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pendingPassword.toString());
        }
        postgres = builder.start();
        port = postgres.getPort();
        postmaster = LeftoverPostmaster.readPidFile(dir)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL started without a postmaster.pid in " + dir));
    }

    /**
     * Makes the running server match what Gantry requires whatever state the directory was left in (initialised by
     * an older Gantry with trust authentication, or a crash between the steps below): the superuser has the stored
     * password, pg_hba.conf is {@link #HBA}. The password is set with the driver's ALTER USER helper, which sends
     * only the SCRAM verifier, so the password itself never appears in a statement the server could log.
     */
    private void converge() throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba).equals(HBA)) {
            return;
        }
        try (Connection c = connect()) {
            c.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
            Path next = dir.resolve("pg_hba.conf.gantry-new");
            Files.writeString(next, HBA, StandardCharsets.UTF_8);
            Files.move(next, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_reload_conf()");
            }
            log.info("Embedded PostgreSQL now requires the password in {} (scram-sha-256, 127.0.0.1 only)",
                    dir.resolve(PASSWORD_FILE));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up password authentication of the embedded PostgreSQL", e);
        }
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String password() {
        return password;
    }

    int port() {
        return port;
    }

    long postmasterPid() {
        return postmaster.pid();
    }

    int restarts() {
        return restarts.get();
    }

    Optional<String> lastRestartFailure() {
        return Optional.ofNullable(lastRestartFailure);
    }

    boolean running() {
        LeftoverPostmaster.PidFile current = postmaster;
        return current != null && LeftoverPostmaster.facts(current.pid())
                .filter(f -> LeftoverPostmaster.isPostmasterOf(dir, current, f)).isPresent();
    }

    /** Starts the server again when its postmaster died (OOM killer, kill -9, a crash) while Gantry runs. */
    private void supervise() {
        if (closing || running()) {
            return;
        }
        log.error("The embedded PostgreSQL (pid {}) is gone; starting it again on 127.0.0.1:{} (crash recovery replays "
                + "the WAL)", postmaster.pid(), port);
        try {
            closeQuietly(postgres);
            LeftoverPostmaster.endOn(dir, Duration.ofSeconds(60));
            startPostmaster(null);
            restarts.incrementAndGet();
            lastRestartFailure = null;
            log.info("Embedded PostgreSQL running again (pid {})", postmaster.pid());
        } catch (IOException | RuntimeException e) {
            lastRestartFailure = e.toString();
            log.error("Could not start the embedded PostgreSQL again; retrying", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres instance) {
        // releases the library's lock on the directory; its "pg_ctl stop" finds no server and says so in the log
        try {
            instance.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the previous embedded PostgreSQL handle", e);
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        supervisor.shutdownNow();
        postgres.close();
        // the library waits 5 s for the shutdown; a durable server's shutdown checkpoint on a busy disk can take
        // longer, and a server still running when the JVM exits would be found "left over" at the next start
        if (running()) {
            LeftoverPostmaster.endOn(dir, Duration.ofSeconds(60));
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Beside the data directory if that is writable (a crash right after initdb then keeps it), else a private temp dir. */
    private static Path pendingLocation(Path dir, Path sibling) throws IOException {
        if (dir.getParent() != null && Files.isWritable(dir.getParent())) {
            return sibling;
        }
        return Files.createTempDirectory("gantry-pg-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))).resolve("password");
    }

    private static void deleteIfTemporary(Path pending) throws IOException {
        Path parent = pending.getParent();
        if (parent != null && parent.getFileName().toString().startsWith("gantry-pg-")) {
            Files.deleteIfExists(parent);
        }
    }

    /** Created with mode 0600 from the start (never readable by others, not even for a moment), then renamed into place. */
    private static Path writeSecret(Path target, String secret) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("Cannot write the embedded PostgreSQL password file " + target, e);
        }
        Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
