package dev.gantry.shared;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class SecretBoxConfiguration {

    /**
     * The keyring: the current key, and the previous keys of a rotation (base64 keys, and files holding one each),
     * which only open. Verified against the database before any bean can use it (see {@link EncryptionKeyCheck}).
     */
    @Bean
    @DependsOnDatabaseInitialization
    SecretBox secretBox(@Value("${gantry.encryption-key:}") String key,
            @Value("${gantry.encryption-key-file:${gantry.embedded-postgres.data-directory:./data}/encryption.key}") Path file,
            @Value("${gantry.encryption-previous-keys:}") String previousKeys,
            @Value("${gantry.encryption-previous-key-files:}") String previousKeyFiles,
            JdbcClient jdbc, ObjectProvider<SealedSecrets> stored) {
        SecretBox box;
        EncryptionKeyCheck.KeySource source;
        if (key.isBlank()) {
            boolean existed = Files.exists(file);
            box = SecretBox.fromFile(file);
            source = new EncryptionKeyCheck.KeySource("key file " + file.toAbsolutePath(),
                    existed ? null : file.toAbsolutePath());
        } else {
            box = SecretBox.fromBase64(key);
            source = new EncryptionKeyCheck.KeySource("gantry.encryption-key", null);
        }
        List<String> previous = new ArrayList<>(list(previousKeys));
        list(previousKeyFiles).forEach(path -> previous.add(SecretBox.readKeyFile(Path.of(path))));
        box = box.withPreviousKeys(previous);
        EncryptionKeyCheck.verify(box, jdbc, source,
                () -> stored.orderedStream().map(SealedSecrets::anySealed).flatMap(Optional::stream).findFirst());
        return box;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
