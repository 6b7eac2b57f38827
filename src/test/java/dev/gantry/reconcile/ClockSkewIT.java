package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Item 10 of issue #10 with a real clock skew between Gantry and its database: a PostgreSQL server process
 * (Debian's binaries) runs under libfaketime (Debian package {@code faketime}) with its clock an hour behind, so
 * this JVM is an hour ahead of the database that writes every stored time. A service task must still run for the
 * whole settle time before its deployment completes. Before the database clock, Gantry compared the
 * database-written startedAt with its own clock, saw the task as started an hour ago and completed the
 * deployment at once. Simulated hosts: the subject is timing, not Docker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gantry.docker.adapter=simulated",
        "gantry.services.settle-time=20s"})
@AutoConfigureRestTestClient
@ActiveProfiles("it")
class ClockSkewIT {

    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static Path dir;
    static int port;

    @DynamicPropertySource
    static void skewedDatabase(DynamicPropertyRegistry registry) throws Exception {
        assumeThat(Files.exists(FAKETIME)).as("libfaketime (apt-get install faketime)").isTrue();
        assumeThat(Files.exists(PG_BIN.resolve("postgres"))).as("PostgreSQL 15 server binaries").isTrue();
        dir = Files.createTempDirectory("gantry-skewed-pg");
        run(List.of("chown", "postgres", dir.toString()));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        asPostgres(List.of(PG_BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "gantry"), Map.of());
        asPostgres(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"),
                // the server's clock is an hour behind; everything it writes with now() is
                Map.of("LD_PRELOAD", FAKETIME.toString(), "FAKETIME", "-1h"));
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        registry.add("spring.datasource.username", () -> "gantry");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (dir != null) {
            asPostgres(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "stop"), Map.of());
        }
    }

    private static void asPostgres(List<String> command, Map<String, String> env) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env"));
        env.forEach((k, v) -> full.add(k + "=" + v));
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    }

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatabaseClock clock;

    private JsonNode post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode service(String cluster) {
        return http.get().uri("/v1/clusters/" + cluster + "/services/web").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theDatabaseIsAnHourBehindAndTheDatabaseClockFollowsIt() {
        Instant database = jdbc.sql("SELECT now()").query(java.sql.Timestamp.class).single().toInstant();
        assertThat(Duration.between(database, Instant.now()).minus(Duration.ofHours(1)).abs())
                .as("the fault is in place").isLessThan(Duration.ofMinutes(1));
        assertThat(Duration.between(clock.now(), database).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServiceTaskRunsTheWholeSettleTimeWhenTheDatabaseClockIsAnHourBehind() {
        String cluster = "skew-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", Map.of("clusterName", cluster));
        post("/v1/clusters/" + cluster + "/container-instances", Map.of("dockerEndpoint", "tcp://" + cluster + "-0:2375"));
        post("/v1/task-definitions", Map.of("family", cluster, "containerDefinitions", List.of(Map.of(
                "name", "app", "image", "gantry-test/busybox:1", "memory", 16, "command", List.of("sleep", "100000")))));
        post("/v1/clusters/" + cluster + "/services", Map.of("serviceName", "web", "taskDefinition", cluster, "desiredCount", 1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> service(cluster).get("runningCount").asInt() == 1);
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(service(cluster).get("deployments").get(0).get("rolloutState").asString())
                        .as("rollout within the settle time").isEqualTo("IN_PROGRESS"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                "COMPLETED".equals(service(cluster).get("deployments").get(0).get("rolloutState").asString()));
    }
}
