package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryApplication;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded default: with nothing configured Gantry runs its own PostgreSQL, migrations apply
 * to the empty database, and a restart on the same data directory finds everything again.
 */
class EmbeddedPostgresRestartIT {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GantryApplication.class)
                .run(TestCredentials.withBootstrapArguments("--server.port=0",
                        "--gantry.embedded-postgres.data-directory=" + data, "--gantry.reconcile.initial-delay=1h"));
    }

    private static String call(ConfigurableApplicationContext app, String method, String path, String body) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpRequest.Builder request = TestCredentials.request(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndStateSurvivesARestart() throws Exception {
        try (ConfigurableApplicationContext first = start()) {
            List<String> versions = first.getBean(JdbcClient.class)
                    .sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                    .query(String.class).list();
            assertThat(versions).containsSequence("1", "2", "3", "4", "5", "6");
            List<String> tables = first.getBean(JdbcClient.class).sql("""
                    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'""")
                    .query(String.class).list();
            assertThat(tables).contains("cluster", "container_instance", "task_definition", "task", "task_container",
                    "service", "service_deployment", "service_event", "cluster_lease");
            call(first, "POST", "/v1/task-definitions", """
                    {"family": "survivor", "containerDefinitions": [{"name": "a", "image": "gantry-test/busybox:1", "memory": 32}]}""");
            call(first, "POST", "/v1/clusters", "{\"clusterName\": \"kept\"}");
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).as("data directory holds " + java.util.Arrays.toString(data.toFile().list())).isTrue();
        try (ConfigurableApplicationContext second = start()) {
            assertThat(call(second, "GET", "/v1/task-definitions/survivor:1", null)).contains("\"revision\":1");
            assertThat(call(second, "GET", "/v1/clusters/kept", null)).contains("\"status\":\"ACTIVE\"");
        }
    }
}
