package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The key check's decisions on a real PostgreSQL with Gantry's schema: first start, later starts, upgrades. */
class EncryptionKeyCheckDatabaseIT {

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM encryption_key_check").update();
        jdbc.sql("UPDATE container_instance SET tls_key_pem = NULL").update();
    }

    private static final java.util.Map<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static SecretBox newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        SecretBox box = SecretBox.fromBase64(base64);
        KEYS.put(box.currentKeyId(), base64);
        return box;
    }

    private static String keyOf(SecretBox box) {
        return KEYS.get(box.currentKeyId());
    }

    /** What the instance module offers in the application (SealedTlsKeys): a stored TLS client key. */
    private static final Supplier<Optional<String>> STORED_TLS_KEY = () -> jdbc.sql(
            "SELECT tls_key_pem FROM container_instance WHERE tls_key_pem IS NOT NULL LIMIT 1").query(String.class).optional();

    private static EncryptionKeyCheck.KeySource configured() {
        return new EncryptionKeyCheck.KeySource("gantry.encryption-key", null);
    }

    @Test
    void theFirstKeyIsRecordedAndOnlyItPassesLater() {
        SecretBox first = newKey();
        EncryptionKeyCheck.verify(first, jdbc, configured(), STORED_TLS_KEY);
        assertThat(jdbc.sql("SELECT count(*) FROM encryption_key_check").query(Long.class).single()).isEqualTo(1);
        assertThatCode(() -> EncryptionKeyCheck.verify(first, jdbc, configured(), STORED_TLS_KEY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EncryptionKeyCheck.verify(newKey(), jdbc, configured(), STORED_TLS_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(gantry.encryption-key) cannot open the key check value");
    }

    @Test
    void aCheckValueUnderAPreviousKeyPassesAndIsResealedUnderTheCurrentOne() {
        SecretBox a = newKey();
        EncryptionKeyCheck.verify(a, jdbc, configured(), STORED_TLS_KEY);
        SecretBox b = newKey();
        String bKey = b.currentKeyId();
        assertThatThrownBy(() -> EncryptionKeyCheck.verify(b, jdbc, configured(), STORED_TLS_KEY))
                .hasMessageContaining("the stored value names key id " + a.currentKeyId())
                .hasMessageContaining("current key id " + bKey);

        SecretBox rotated = b.withPreviousKeys(List.of(keyOf(a)));
        EncryptionKeyCheck.verify(rotated, jdbc, configured(), STORED_TLS_KEY);
        assertThat(jdbc.sql("SELECT sealed FROM encryption_key_check").query(String.class).single())
                .startsWith(rotated.currentKeyPrefix());
        assertThatCode(() -> EncryptionKeyCheck.verify(b, jdbc, configured(), STORED_TLS_KEY))
                .as("the new key alone, once the check value is re-sealed").doesNotThrowAnyException();
        assertThatThrownBy(() -> EncryptionKeyCheck.verify(a, jdbc, configured(), STORED_TLS_KEY))
                .hasMessageContaining("cannot open the key check value")
                .hasMessageContaining("the stored value names key id " + bKey);
    }

    @Test
    void anInstallationFromBeforeTheCheckProvesTheKeyOnAStoredTlsKey() {
        SecretBox original = newKey();
        long cluster = jdbc.sql("INSERT INTO cluster (name, status) VALUES (md5(random()::text), 'ACTIVE') RETURNING id")
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO container_instance (id, cluster_id, status, docker_endpoint, tls_key_pem, engine_id,
                  engine_name, docker_version, registered_cpu, registered_memory, remaining_cpu, remaining_memory)
                VALUES (md5(random()::text), :c, 'ACTIVE', 'tcp://10.0.0.1:2376', :k, md5(random()::text),
                  'engine', '27.0', 1024, 1024, 1024, 1024)""")
                .param("c", cluster).param("k", original.seal("-----BEGIN PRIVATE KEY-----")).update();

        assertThatThrownBy(() -> EncryptionKeyCheck.verify(newKey(), jdbc, configured(), STORED_TLS_KEY))
                .hasMessageContaining("cannot open the secrets stored in the database");
        assertThat(jdbc.sql("SELECT count(*) FROM encryption_key_check").query(Long.class).single())
                .as("a refused key records nothing").isZero();
        EncryptionKeyCheck.verify(original, jdbc, configured(), STORED_TLS_KEY);
        assertThat(jdbc.sql("SELECT count(*) FROM encryption_key_check").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aKeyFileCreatedByARefusedStartIsRemoved() throws Exception {
        EncryptionKeyCheck.verify(newKey(), jdbc, configured(), STORED_TLS_KEY);
        Path file = dir.resolve("encryption.key");
        SecretBox fresh = SecretBox.fromFile(file);
        assertThatThrownBy(() -> EncryptionKeyCheck.verify(fresh, jdbc,
                new EncryptionKeyCheck.KeySource("key file " + file, file), STORED_TLS_KEY))
                .hasMessageContaining("was missing; a new key was generated and has been removed again");
        assertThat(Files.exists(file)).isFalse();
    }
}
