package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.TestCredentials;
import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.docker.sim.MutableClock;
import dev.gantry.shared.SecretBox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key store and the bootstrap on a real PostgreSQL with Gantry's schema: what is stored (only the sealed
 * secret), paging, revocation seen by a second store on the same database (another replica), expiry by the clock,
 * and the bootstrap's decisions, including replicas starting at once.
 */
class AccessKeyStoreIT {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcClient jdbc;
    private static final SecretBox BOX = newBox();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM access_key").update();
    }

    private static SecretBox newBox() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return SecretBox.fromBase64(Base64.getEncoder().encodeToString(key));
    }

    /** One replica's store: its own repository and service on the shared database. */
    private AccessKeys replica() {
        return new AccessKeys(new AccessKeyRepository(jdbc), BOX, clock);
    }

    private AccessKeyBootstrap bootstrap(String id, String secret, Path file) {
        SecuritySettings settings = new SecuritySettings(new SecuritySettings.Bootstrap(id, secret, file), true,
                new SecuritySettings.Jwt(null, null, "gantry_role", "gantry_clusters", null));
        return new AccessKeyBootstrap(new AccessKeyRepository(jdbc), BOX, clock,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), settings, dir.resolve("data"));
    }

    @Test
    void aCreatedKeyHasTheIssuedShapeAndItsSecretIsStoredOnlySealed() {
        AccessKeys keys = replica();
        CreatedAccessKey created = keys.create(new CreateAccessKeyRequest(Role.OPERATOR, List.of("prod", "dev", "prod"),
                null, "ci"), "GKTESTBOOTSTRAPADMIN");
        TestCredentials.remember(created.secretAccessKey());

        assertThat(created.accessKey().accessKeyId()).matches("GK[A-Z0-9]{18}");
        assertThat(created.secretAccessKey()).matches("[A-Za-z0-9/+]{40}");
        assertThat(created.accessKey().clusters()).containsExactly("dev", "prod");
        assertThat(created.accessKey().status()).isEqualTo("ACTIVE");
        assertThat(created.toString()).doesNotContain(created.secretAccessKey());
        String stored = jdbc.sql("SELECT sealed_secret FROM access_key WHERE access_key_id = ?")
                .param(created.accessKey().accessKeyId()).query(String.class).single();
        assertThat(stored).doesNotContain(created.secretAccessKey()).isNotEqualTo(created.secretAccessKey());
        assertThat(BOX.open(stored)).isEqualTo(created.secretAccessKey());

        ActiveKey active = keys.active(created.accessKey().accessKeyId()).orElseThrow();
        assertThat(active.secretAccessKey()).isEqualTo(created.secretAccessKey());
        assertThat(active.role()).isEqualTo(Role.OPERATOR);
        assertThat(active.clusters()).containsExactlyInAnyOrder("dev", "prod");
        assertThat(active.toString()).doesNotContain(created.secretAccessKey());
        assertThat(keys.get(created.accessKey().accessKeyId())).isEqualTo(created.accessKey());
    }

    @Test
    void aKeyWithoutClustersMayUseEveryCluster() {
        AccessKeys keys = replica();
        CreatedAccessKey created = keys.create(new CreateAccessKeyRequest(Role.READ_ONLY, null, null, null), "x");
        assertThat(created.accessKey().clusters()).isNull();
        assertThat(keys.active(created.accessKey().accessKeyId()).orElseThrow().clusters()).isEmpty();
        assertThat(keys.active(created.accessKey().accessKeyId()).orElseThrow().caller("basic", "10.0.0.1").sees("any"))
                .isTrue();
    }

    @Test
    void listingPagesThroughEveryKeyByIdWithoutRepeats() {
        AccessKeys keys = replica();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(keys.create(new CreateAccessKeyRequest(Role.READ_ONLY, null, null, "k" + i), "x").accessKey()
                    .accessKeyId());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<AccessKeyView> page = keys.list(Keyset.of(3, token));
            page.items().forEach(k -> seen.add(k.accessKeyId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isSorted().containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aRevocationOnOneReplicaHoldsOnTheOthersNextLookup() {
        AccessKeys one = replica();
        AccessKeys other = replica();
        String id = one.create(new CreateAccessKeyRequest(Role.ADMIN, null, null, null), "x").accessKey().accessKeyId();
        assertThat(other.active(id)).isPresent();

        AccessKeyView revoked = one.revoke(id);

        assertThat(revoked.status()).isEqualTo("REVOKED");
        assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
        assertThat(other.active(id)).isEmpty();
        assertThat(other.get(id).status()).isEqualTo("REVOKED");
        clock.advance(Duration.ofMinutes(5));
        assertThat(one.revoke(id).revokedAt()).as("revoking again keeps the first time").isEqualTo(revoked.revokedAt());
    }

    @Test
    void aKeyStopsAuthenticatingAtItsExpiry() {
        AccessKeys keys = replica();
        String id = keys.create(new CreateAccessKeyRequest(Role.ADMIN, null, clock.instant().plusSeconds(60), null), "x")
                .accessKey().accessKeyId();
        assertThat(keys.active(id)).isPresent();
        clock.advance(Duration.ofSeconds(60));
        assertThat(keys.active(id)).isEmpty();
        assertThat(keys.get(id).status()).isEqualTo("EXPIRED");
    }

    @Test
    void anExpiryInThePastIsRefusedNamingTheField() {
        assertThatThrownBy(() -> replica().create(new CreateAccessKeyRequest(Role.ADMIN, null, clock.instant(), null), "x"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("expiresAt");
                });
    }

    @Test
    void unknownAndMalformedKeysAreNotFoundAndNotActive() {
        AccessKeys keys = replica();
        assertThat(keys.active("GKUNKNOWN000000000000")).isEmpty();
        assertThat(keys.active("not a key")).isEmpty();
        assertThat(keys.active(null)).isEmpty();
        assertThatThrownBy(() -> keys.get("GKUNKNOWN00000000000")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("AccessKeyNotFoundException"));
        assertThatThrownBy(() -> keys.revoke("'; DROP TABLE access_key")).isInstanceOf(ApiException.class);
    }

    @Test
    void theLastUseIsRecordedAtMostOnceAMinute() {
        AccessKeys keys = replica();
        String id = keys.create(new CreateAccessKeyRequest(Role.ADMIN, null, null, null), "x").accessKey().accessKeyId();
        keys.used(id);
        Instant first = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        keys.used(id);
        assertThat(keys.get(id).lastUsedAt()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        keys.used(id);
        assertThat(keys.get(id).lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void theBootstrapCreatesTheGivenKeyAsAdminAndWritesNoFile() {
        Path file = dir.resolve("bootstrap-credentials");
        String created = bootstrap("GKTESTBOOTSTRAPADMIN", "TestOnlyBootstrapSecret00000000000000000", file).bootstrap();

        assertThat(created).isEqualTo("GKTESTBOOTSTRAPADMIN");
        ActiveKey key = replica().active("GKTESTBOOTSTRAPADMIN").orElseThrow();
        assertThat(key.role()).isEqualTo(Role.ADMIN);
        assertThat(key.clusters()).isEmpty();
        assertThat(key.secretAccessKey()).isEqualTo("TestOnlyBootstrapSecret00000000000000000");
        assertThat(replica().get("GKTESTBOOTSTRAPADMIN").createdBy()).isEqualTo("bootstrap");
        assertThat(file).doesNotExist();
    }

    @Test
    void withoutAGivenKeyTheBootstrapWritesAnOwnerOnlyCredentialsFileThatAuthenticates() throws Exception {
        Path file = dir.resolve("data").resolve("bootstrap-credentials");
        String created = bootstrap("", "", null).bootstrap();

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("[gantry]", "aws_access_key_id = " + created);
        String secret = TestCredentials.remember(lines.stream().filter(l -> l.startsWith("aws_secret_access_key = "))
                .findFirst().orElseThrow().substring("aws_secret_access_key = ".length()));
        assertThat(secret).matches("[A-Za-z0-9/+]{40}");
        assertThat(replica().active(created).orElseThrow().secretAccessKey()).isEqualTo(secret);
    }

    @Test
    void aConfiguredCredentialsFileIsUsedAndALeftoverFileIsReplacedOwnerOnly() throws Exception {
        Path file = dir.resolve("elsewhere").resolve("creds");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "stale");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        String created = bootstrap(null, null, file).bootstrap();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("aws_access_key_id = " + created).doesNotContain("stale");
        assertThat(dir.resolve("data").resolve("bootstrap-credentials")).doesNotExist();
    }

    @Test
    void aSecondStartCreatesNoOtherKey() {
        String first = bootstrap(null, null, null).bootstrap();
        assertThat(bootstrap(null, null, null).bootstrap()).isNull();
        assertThat(bootstrap("GKTESTBOOTSTRAPADMIN", "TestOnlyBootstrapSecret00000000000000000", null).bootstrap())
                .isNull();
        assertThat(jdbc.sql("SELECT access_key_id FROM access_key").query(String.class).list()).containsExactly(first);
    }

    @Test
    void replicasStartingAtOnceCreateExactlyOneKey() throws Exception {
        int replicas = 6;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Callable<String>> starts = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Path own = dir.resolve("replica-" + i).resolve("bootstrap-credentials");
                starts.add(() -> bootstrap(null, null, own).bootstrap());
            }
            List<String> created = new ArrayList<>();
            for (Future<String> start : pool.invokeAll(starts)) {
                if (start.get() != null) {
                    created.add(start.get());
                }
            }
            assertThat(created).hasSize(1);
            assertThat(jdbc.sql("SELECT access_key_id FROM access_key").query(String.class).list())
                    .containsExactlyElementsOf(created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halfAGivenKeyOrAMalformedOneRefusesToStart() {
        assertThatThrownBy(() -> bootstrap("GKTESTBOOTSTRAPADMIN", null, null)).hasMessageContaining("both");
        assertThatThrownBy(() -> bootstrap(null, "TestOnlyBootstrapSecret00000000000000000", null))
                .hasMessageContaining("both");
        assertThatThrownBy(() -> bootstrap("AKIAIOSFODNN7EXAMPLE", "TestOnlyBootstrapSecret00000000000000000", null))
                .hasMessageContaining("access-key-id").hasMessageNotContaining("TestOnly");
        assertThatThrownBy(() -> bootstrap("GKTESTBOOTSTRAPADMIN", "short", null))
                .hasMessageContaining("secret-access-key").hasMessageNotContaining("short");
    }
}
