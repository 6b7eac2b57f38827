package dev.gantry.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Proves at start that the encryption key opens what the database holds. Without it, a lost key file was
 * silently replaced by a fresh key, every sealed TLS client key failed to open, and every TLS host was declared
 * lost. Now: the first start seals {@link #PLAIN} into {@code encryption_key_check}; every later start opens it
 * and refuses to start when it cannot. An installation from before the check proves the key on a stored sealed
 * value ({@link SealedSecrets}: an access key secret or a TLS client key).
 *
 * <p>With previous keys configured (a key rotation), a check value sealed under one of them passes and is re-sealed
 * under the current key here, as the owner of {@code encryption_key_check}; the other modules' values are re-sealed
 * by their own {@link SealedSecrets#reseal}.
 */
final class EncryptionKeyCheck {

    private static final Logger log = LoggerFactory.getLogger(EncryptionKeyCheck.class);

    static final String PLAIN = "gantry-encryption-key-check-v1";

    /** Where the key came from, for the error message; {@code createdFile} is a key file written by this start. */
    record KeySource(String description, Path createdFile) {
    }

    private EncryptionKeyCheck() {
    }

    /** @throws IllegalStateException naming the key source and what to do, when the key opens nothing stored */
    static void verify(SecretBox box, JdbcClient jdbc, KeySource source, Supplier<Optional<String>> anyStored) {
        Optional<String> check = jdbc.sql("SELECT sealed FROM encryption_key_check WHERE id = 1").query(String.class)
                .optional();
        if (check.isEmpty()) {
            Optional<String> stored = anyStored.get();
            if (stored.isPresent() && !opens(box, stored.get(), null)) {
                throw refused(box, source, "the secrets stored in the database", stored.get());
            }
            // Two replicas starting at once: the first insert wins, and each checks its key against it below.
            jdbc.sql("INSERT INTO encryption_key_check (id, sealed) VALUES (1, :sealed) ON CONFLICT (id) DO NOTHING")
                    .param("sealed", box.seal(PLAIN)).update();
            check = jdbc.sql("SELECT sealed FROM encryption_key_check WHERE id = 1").query(String.class).optional();
        }
        String sealed = check.orElseThrow();
        if (!opens(box, sealed, PLAIN)) {
            throw refused(box, source, "the key check value stored in the database at first start", sealed);
        }
        Optional<String> resealed = box.resealed(sealed);
        if (resealed.isPresent()) {
            // compare-and-set: a replica starting at the same time may have re-sealed it already
            int updated = jdbc.sql("UPDATE encryption_key_check SET sealed = :resealed WHERE id = 1 AND sealed = :sealed")
                    .param("resealed", resealed.get()).param("sealed", sealed).update();
            if (updated > 0) {
                log.info("The encryption key check value was sealed under a previous key; re-sealed under key id {}",
                        box.currentKeyId());
            }
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

    private static IllegalStateException refused(SecretBox box, KeySource source, String what, String sealed) {
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
        String sealedUnder = SecretBox.keyIdOf(sealed).map(id -> "the stored value names key id " + id)
                .orElse("the stored value is a v1 value, which names no key");
        String configured = "configured: current key id " + box.currentKeyId() + (box.hasPreviousKeys()
                ? ", previous key ids " + String.join(", ", box.previousKeyIds()) + " (gantry.encryption-previous-keys)"
                : ", no previous keys");
        return new IllegalStateException("Gantry refuses to start: the encryption key (" + source.description()
                + ") cannot open " + what + (box.hasPreviousKeys() ? ", nor can any previous key" : "")
                + ", so it is not the key they were sealed with (" + sealedUnder + "; " + configured + ")." + created
                + " Restore the original key (the key file, or gantry.encryption-key), or while rotating list it in "
                + "gantry.encryption-previous-keys, and start again; starting with another key would leave every "
                + "access key refused and every TLS host unreachable.");
    }
}
