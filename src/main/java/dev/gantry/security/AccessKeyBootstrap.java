package dev.gantry.security;

import dev.gantry.shared.CryptographicRandomness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import dev.gantry.shared.SecretBox;

/**
 * Secure by default, with no default password: on a database without access keys, the first start creates the
 * first ADMIN key, either the one the operator gave ({@code gantry.security.bootstrap.*}, the chart's Secret) or a
 * generated one written to a file only the owner can read. The log names the file, never the secret.
 *
 * <p>Runs before the web server accepts requests (after every singleton is built). Replicas starting at once decide
 * through the database: an advisory lock serialises them and only the one that still finds no key creates it.
 */
@Component
@DependsOnDatabaseInitialization
@CryptographicRandomness("the bootstrap ADMIN key's id and secret")
class AccessKeyBootstrap implements SmartInitializingSingleton {

    static final String CREATED_BY = "bootstrap";
    private static final Logger log = LoggerFactory.getLogger(AccessKeyBootstrap.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final AccessKeyRepository keys;
    private final SecretBox box;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final SecuritySettings.Bootstrap settings;
    private final Path credentialsFile;

    AccessKeyBootstrap(AccessKeyRepository keys, SecretBox box, Clock clock, TransactionTemplate tx,
            SecuritySettings settings,
            @Value("${gantry.embedded-postgres.data-directory:./data}") Path dataDirectory) {
        this.keys = keys;
        this.box = box;
        this.clock = clock;
        this.tx = tx;
        this.settings = settings.bootstrap();
        this.credentialsFile = this.settings.credentialsFile() != null ? this.settings.credentialsFile()
                : dataDirectory.resolve("bootstrap-credentials");
        checkGiven(this.settings);
    }

    /** Both or neither: one without the other is a mistake that would otherwise silently generate a key. */
    static void checkGiven(SecuritySettings.Bootstrap given) {
        boolean id = given.accessKeyId() != null && !given.accessKeyId().isBlank();
        boolean secret = given.secretAccessKey() != null && !given.secretAccessKey().isBlank();
        if (id != secret) {
            throw new IllegalStateException("gantry.security.bootstrap: set both access-key-id and secret-access-key "
                    + "(GANTRY_BOOTSTRAP_ACCESS_KEY_ID, GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY) or neither");
        }
        if (id && !AccessKeyFormat.isAccessKeyId(given.accessKeyId())) {
            throw new IllegalStateException("gantry.security.bootstrap.access-key-id must be GK and 18 of A-Z 0-9 "
                    + "(20 characters)");
        }
        if (secret && !AccessKeyFormat.isSecret(given.secretAccessKey())) {
            throw new IllegalStateException("gantry.security.bootstrap.secret-access-key must be 40 characters of "
                    + "A-Z a-z 0-9 / +");
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        bootstrap();
    }

    /** @return the key id this start created, or null when the database already had keys */
    String bootstrap() {
        return tx.execute(status -> {
            keys.lockBootstrap();
            if (keys.anyExists()) {
                if (settings.given() && keys.find(settings.accessKeyId()).isEmpty()) {
                    log.info("The database already has access keys; the bootstrap key {} given in "
                            + "gantry.security.bootstrap is not created", settings.accessKeyId());
                }
                return null;
            }
            Instant now = clock.instant();
            String id;
            String secret;
            if (settings.given()) {
                id = settings.accessKeyId();
                secret = settings.secretAccessKey();
            } else {
                SecureRandom random = new SecureRandom();
                id = AccessKeyFormat.newAccessKeyId(random);
                secret = AccessKeyFormat.newSecret(random);
                // written before the row commits: a key whose secret nobody was told would lock everyone out
                writeCredentials(credentialsFile, id, secret, now);
            }
            keys.insert(new AccessKey(id, Role.ADMIN, null, "bootstrap ADMIN key", now, null, null, CREATED_BY, null),
                    box.seal(secret));
            if (settings.given()) {
                log.info("Created the bootstrap ADMIN access key {} from gantry.security.bootstrap", id);
            } else {
                log.warn("Created the bootstrap ADMIN access key {}; its secret is in {} (readable only by this user). "
                        + "Create your own keys with it, then revoke it.", id, credentialsFile.toAbsolutePath());
            }
            return id;
        });
    }

    /**
     * An AWS shared-credentials file (profile {@code gantry}), so {@code AWS_SHARED_CREDENTIALS_FILE} can point at
     * it. Created owner-only from the start: the secret is never in a file anyone else could read, even briefly.
     */
    static void writeCredentials(Path file, String accessKeyId, String secret, Instant now) {
        String content = "# Gantry bootstrap ADMIN access key, created " + now + ". Keep it secret; revoke it once\n"
                + "# you have created your own keys (DELETE /v1/access-keys/" + accessKeyId + ").\n"
                + "[gantry]\n"
                + "aws_access_key_id = " + accessKeyId + "\n"
                + "aws_secret_access_key = " + secret + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException left) {
                // from a start whose database was then thrown away: replaced, and owner-only again before writing
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (UnsupportedOperationException notPosix) {
                Files.deleteIfExists(file);
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap credentials file " + file, e);
        }
    }
}
