package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key that cannot open the stored secrets stops the start, as a real process started the README way
 * ({@code java -jar}, data in ./data). Before the fix, a missing key file was replaced by a new key and
 * Gantry came up, after which every TLS host failed to connect and was declared lost.
 */
class EncryptionKeyCheckIT {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void aMissingOrWrongKeyStopsTheStartAndTheOriginalKeyStartsAgain() throws Exception {
        Path keyFile = workDir.resolve("data/encryption.key");
        try (GantryProcess first = GantryProcess.start(workDir, Map.of())) {
            first.awaitReady(START);
            first.stop();
        }
        String original = Files.readString(keyFile);

        Files.delete(keyFile);
        try (GantryProcess lostKey = GantryProcess.start(workDir, Map.of())) {
            awaitExit(lostKey);
            assertThat(Files.readString(lostKey.logFile())).contains("Gantry refuses to start: the encryption key")
                    .contains("was missing; a new key was generated and has been removed again");
        }
        assertThat(keyFile).as("the fresh key is not kept, so restoring the old one is safe").doesNotExist();

        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        try (GantryProcess wrongKey = GantryProcess.start(workDir, Map.of("gantry.encryption-key", wrong))) {
            awaitExit(wrongKey);
            assertThat(Files.readString(wrongKey.logFile())).contains("the encryption key (gantry.encryption-key) "
                    + "cannot open the key check value stored in the database");
        }

        Files.writeString(keyFile, original);
        try (GantryProcess restored = GantryProcess.start(workDir, Map.of())) {
            restored.awaitReady(START);
            restored.stop();
        }
    }

    private static void awaitExit(GantryProcess process) {
        await().atMost(START).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(process.isAlive()).as("Gantry still running:%n%s", process.logTail(40))
                        .isFalse());
    }
}
