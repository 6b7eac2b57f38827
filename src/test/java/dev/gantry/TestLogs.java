package dev.gantry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a test run's logs go ({@code target/test-logs}: every test JVM's log file through {@code logback-test.xml},
 * the output of the Gantry processes tests start). Surefire and Failsafe set the directory
 * ({@code gantry.test-logs.dir}, pom.xml); a test run from an IDE uses {@code target/test-logs} of its working
 * directory.
 */
public final class TestLogs {

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
}
