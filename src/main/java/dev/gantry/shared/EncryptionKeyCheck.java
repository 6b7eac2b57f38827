package dev.gantry.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Proves at start that the encryption key opens what the database holds. Without it, a lost key file was
 * silently replaced by a fresh key, every sealed TLS client key failed to open, and every TLS host was declared
 * lost. Now: the first start seals {@link #PLAIN} into {@code encryption_key_check}; every later start opens it
 * and refuses to start when it cannot. An installation from before the check proves the key on a stored sealed
 * value ({@link SealedSecrets}: the instance module's TLS client keys).
 */
final class EncryptionKeyCheck {

    static final String PLAIN = "gantry-encryption-key-check-v1";

    /** Where the key came from, for the error message; {@code createdFile} is a key file written by this start. */
    record KeySource(String description, Path createdFile) {
    }

    private EncryptionKeyCheck() {
    }

    /** @throws IllegalStateException naming the key source and what to do, when the key opens nothing stored */
    static void verify(SecretBox box, JdbcClient jdbc, KeySource source, SealedSecrets stored) {
        Optional<String> check = jdbc.sql("SELECT sealed FROM encryption_key_check WHERE id = 1").query(String.class)
                .optional();
        if (check.isEmpty()) {
            Optional<String> storedKey = stored.anySealed();
            if (storedKey.isPresent() && !opens(box, storedKey.get(), null)) {
                throw refused(source, "the TLS client keys stored in the database");
            }
            // Two replicas starting at once: the first insert wins, and each checks its key against it below.
            jdbc.sql("INSERT INTO encryption_key_check (id, sealed) VALUES (1, :sealed) ON CONFLICT (id) DO NOTHING")
                    .param("sealed", box.seal(PLAIN)).update();
            check = jdbc.sql("SELECT sealed FROM encryption_key_check WHERE id = 1").query(String.class).optional();
        }
        if (!opens(box, check.orElseThrow(), PLAIN)) {
            throw refused(source, "the key check value stored in the database at first start");
        }
    }

    private static boolean opens(SecretBox box, String sealed, String expected) {
        try {
            String plain = box.open(sealed);
            return expected == null || expected.equals(plain);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static IllegalStateException refused(KeySource source, String what) {
        String created = "";
        if (source.createdFile() != null) {
            // The fresh key must not stay: the next start would use it again, and restoring the old file would
            // mean overwriting a key that looks legitimate.
            try {
                Files.deleteIfExists(source.createdFile());
            } catch (IOException ignored) {
                // the message below still tells the operator what happened
            }
            created = " The key file " + source.createdFile() + " was missing; a new key was generated and has "
                    + "been removed again.";
        }
        return new IllegalStateException("Gantry refuses to start: the encryption key (" + source.description()
                + ") cannot open " + what + ", so it is not the key they were sealed with." + created
                + " Restore the original key (the key file, or gantry.encryption-key) and start again; "
                + "starting with another key would leave every TLS host unreachable.");
    }
}
