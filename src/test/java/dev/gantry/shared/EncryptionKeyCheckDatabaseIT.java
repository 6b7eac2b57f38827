package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
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

    private static SecretBox newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return SecretBox.fromBase64(Base64.getEncoder().encodeToString(key));
    }

    /** What the instance module offers in the application (SealedTlsKeys): a stored TLS client key. */
    private static final SealedSecrets STORED_TLS_KEY = () -> jdbc.sql(
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
                .hasMessageContaining("cannot open the TLS client keys stored in the database");
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
