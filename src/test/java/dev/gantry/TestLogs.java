package dev.gantry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a test run's logs go ({@code target/test-logs}: every test JVM's log file through {@code logback-test.xml},
 * the output of the Gantry processes tests start) and the list of the secrets the run used, which
 * {@link TestLogScan} looks for in those logs after the integration tests. Surefire and Failsafe set the directory
 * ({@code gantry.test-logs.dir}, pom.xml); a test run from an IDE uses {@code target/test-logs} of its working
 * directory.
 */
public final class TestLogs {

    public static final String SECRETS_FILE = "secrets-used.txt";

    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    private TestLogs() {
    }

    public static Path directory() {
        return Path.of(System.getProperty("gantry.test-logs.dir", "target/test-logs")).toAbsolutePath();
    }

    /** Where a Gantry process started by a test writes its standard output and error. */
    public static Path processLog(String name) {
        Path dir = directory().resolve("processes");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".log");
    }

    /**
     * Adds {@code secret} to the run's list (one per line, appended: Surefire's and Failsafe's JVMs, and the
     * benchmarks', write the same file), once per JVM. Returns it, so a test can record where it reads a secret.
     */
    public static String recordSecret(String secret) {
        if (secret == null || secret.isBlank() || !RECORDED.add(secret)) {
            return secret;
        }
        try {
            Path dir = directory();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(SECRETS_FILE), secret + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secret;
    }
}
