package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryApplication;
import dev.gantry.TestCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An encryption key rotation as an operator does it, on a real PostgreSQL with the whole application: started with
 * key A, access keys and a TLS-carrying instance are stored; restarted with B current and A previous, every key
 * still authenticates and the re-seal pass leaves no value under A; then B alone serves everything, and A alone
 * is refused at start. Its own database and application contexts, not the shared IT context: the test is about
 * the key configuration, and re-sealing the shared database under another key would lock the other tests out.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationIT {

    private static final String KEY_A = TestCredentials.remember(base64("key-rotation-it-key-a-0123456789"));
    private static final String KEY_B = TestCredentials.remember(base64("key-rotation-it-key-b-0123456789"));
    private static final String TLS_KEY_PEM = "-----BEGIN PRIVATE KEY-----\nkey-rotation-it-tls-client-key\n-----END PRIVATE KEY-----";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;

    private static String base64(String thirtyTwoBytes) {
        return Base64.getEncoder().encodeToString(thirtyTwoBytes.getBytes(StandardCharsets.US_ASCII));
    }

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** Starts Gantry on this test's database; the key settings are command-line arguments, above profile it's key. */
    private static ConfigurableApplicationContext gantry(String... keyProperties) {
        List<String> arguments = new ArrayList<>();
        for (String property : keyProperties) {
            arguments.add("--" + property);
        }
        return new SpringApplicationBuilder(GantryApplication.class).profiles("it")
                .properties("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username=postgres", "spring.datasource.password=postgres", "server.port=0",
                        // batches of two, so the pass pages through the five access keys
                        "gantry.encryption-reseal-batch=2")
                .run(arguments.toArray(String[]::new));
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext context, String method, String path,
            String authorization, String body) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> sealedValues() {
        List<String> all = new ArrayList<>(jdbc.sql("SELECT sealed_secret FROM access_key").query(String.class).list());
        all.addAll(jdbc.sql("SELECT tls_key_pem FROM container_instance WHERE tls_key_pem IS NOT NULL")
                .query(String.class).list());
        all.addAll(jdbc.sql("SELECT sealed FROM encryption_key_check").query(String.class).list());
        return all;
    }

    private static void assertAuthenticates(ConfigurableApplicationContext context, List<String[]> keys) throws Exception {
        for (String[] key : keys) {
            HttpResponse<String> clusters = call(context, "GET", "/v1/clusters", TestCredentials.basic(key[0], key[1]), null);
            assertThat(clusters.statusCode()).as("key %s: %s", key[0], clusters.body()).isEqualTo(200);
        }
    }

    @Test
    void rotateFromKeyAToKeyB(CapturedOutput output) throws Exception {
        List<String[]> keys = new ArrayList<>();
        keys.add(new String[] {TestCredentials.ACCESS_KEY_ID, TestCredentials.SECRET_ACCESS_KEY});
        String idA = SecretBox.fromBase64(KEY_A).currentKeyId();
        String idB = SecretBox.fromBase64(KEY_B).currentKeyId();

        try (ConfigurableApplicationContext a = gantry("gantry.encryption-key=" + KEY_A)) {
            assertThat(a.getBean(SecretBox.class).currentKeyId()).as("key A is the current key").isEqualTo(idA);
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> created = call(a, "POST", "/v1/access-keys", TestCredentials.basic(),
                        "{\"role\":\"READ_ONLY\",\"description\":\"rotation " + i + "\"}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                JsonNode key = JSON.readTree(TestCredentials.rememberSecretIn(created.body()));
                keys.add(new String[] {key.get("accessKeyId").asString(), key.get("secretAccessKey").asString()});
            }
            // A deregistered TLS host (so no loop dials its made-up address), its client key sealed as registration
            // seals it: the re-seal pass covers every row, whatever the instance's status.
            long cluster = jdbc.sql("INSERT INTO cluster (name, status) VALUES ('rotation', 'ACTIVE') RETURNING id")
                    .query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO container_instance (id, cluster_id, status, docker_endpoint, tls_key_pem, engine_id,
                      engine_name, docker_version, registered_cpu, registered_memory, remaining_cpu, remaining_memory,
                      deregistered_at)
                    VALUES (md5('rotation'), :c, 'INACTIVE', 'tcp://192.0.2.1:2376', :k, md5('engine'), 'engine',
                      '27.0', 1024, 1024, 1024, 1024, now())""")
                    .param("c", cluster).param("k", a.getBean(SecretBox.class).seal(TLS_KEY_PEM)).update();
            assertAuthenticates(a, keys);
        }
        assertThat(sealedValues()).hasSize(7).allSatisfy(v -> assertThat(v).startsWith("v2:" + idA + ":"));

        try (ConfigurableApplicationContext rotating = gantry("gantry.encryption-key=" + KEY_B,
                "gantry.encryption-previous-keys=" + KEY_A)) {
            assertAuthenticates(rotating, keys);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sealedValues())
                    .allSatisfy(v -> assertThat(v).startsWith("v2:" + idB + ":")));
            SecretBox box = rotating.getBean(SecretBox.class);
            for (SealedSecrets owner : rotating.getBeanProvider(SealedSecrets.class).orderedStream().toList()) {
                assertThat(owner.reseal(box, 1)).as("a second pass finds nothing to do").isEqualTo(new SealedSecrets.Resealed(0, 0));
            }
            assertAuthenticates(rotating, keys);
        }
        assertThat(output.getAll()).contains("Re-sealed 5 access key secrets under encryption key id " + idB)
                .contains("Re-sealed 1 Docker TLS client keys under encryption key id " + idB)
                .contains("previous keys (" + idA + ") can be removed");

        try (ConfigurableApplicationContext onlyB = gantry("gantry.encryption-key=" + KEY_B)) {
            assertAuthenticates(onlyB, keys);
            String tls = jdbc.sql("SELECT tls_key_pem FROM container_instance WHERE id = md5('rotation')")
                    .query(String.class).single();
            assertThat(onlyB.getBean(SecretBox.class).open(tls)).isEqualTo(TLS_KEY_PEM);
        }

        assertThatThrownBy(() -> gantry("gantry.encryption-key=" + KEY_A).close()).rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Gantry refuses to start: the encryption key (gantry.encryption-key) cannot open "
                        + "the key check value")
                .hasMessageContaining("the stored value names key id " + idB)
                .hasMessageContaining("current key id " + idA);

        String logs = output.getAll();
        for (String[] key : keys) {
            assertThat(logs).doesNotContain(key[1]);
        }
        assertThat(logs).doesNotContain(KEY_A, KEY_B, "key-rotation-it-tls-client-key");
    }
}
