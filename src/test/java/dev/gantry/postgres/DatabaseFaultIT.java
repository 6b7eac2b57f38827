package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.TestCredentials;
import dev.gantry.reconcile.ClusterLeadership;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.sql.DataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Gantry on a real external PostgreSQL server process ({@link PostgresServer}) reached through a {@link TcpProxy},
 * under a steady API load (creates and reads), while the database is restarted fast, restarted immediate (a crash)
 * and black-holed. During each fault every request answers within a bound set by the configured timeouts —
 * 200, or 503 with Retry-After, never a 500 or a hang for the kernel's TCP timeout; readiness answers DOWN within
 * its own budget; after the fault Gantry recovers by itself (every request 200 again, the lease renewal thread
 * takes the leases again, so it did not hang) and every create it acknowledged is in the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gantry.reconcile.initial-delay=1h")
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseFaultIT {

    /**
     * The longest a request may take during a fault: waiting for a pooled connection (Hikari connection-timeout,
     * 2.5 s) and then a statement on a connection that went silent (driver socketTimeout, 5 s), plus slack for a
     * machine shared with other test runs. Not a performance target: the failure being fixed was 30 s and more.
     */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(9);
    /** The readiness check's own budget (gantry.database.health-timeout, 3 s) plus slack. */
    static final Duration READINESS_BOUND = Duration.ofSeconds(5);

    static final PostgresServer server = PostgresServer.start();
    static final TcpProxy proxy = TcpProxy.to(server.port());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
        registry.add("spring.datasource.username", server::user);
        registry.add("spring.datasource.password", server::password);
    }

    @AfterAll
    static void stopServer() {
        proxy.close();
        server.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ClusterLeadership leadership;

    @Autowired
    DataSource dataSource;

    record Outcome(String phase, String method, String path, int status, Duration took, String retryAfter, String revision) {
    }

    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private volatile String phase = "warm-up";

    @Test
    void restartsAndABlackHoleAnswerFast503sThenRecoverWithNothingLost() throws Exception {
        assertEveryPoolIsBounded();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        String family = "load-" + UUID.randomUUID().toString().substring(0, 8);
        // a few clusters, so that the lease renewal thread has leases to hold (and lose, and take again)
        for (int c = 0; c < 3; c++) {
            assertThat(request("POST", "/v1/clusters", "{\"clusterName\":\"" + family + "-" + c + "\"}").status()).isEqualTo(200);
        }
        for (int c = 0; c < 4; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (loading.get()) {
                    Outcome registered = request("POST", "/v1/task-definitions", """
                            {"family": "%s", "containerDefinitions": [{"name": "a", "image": "gantry-test/busybox:1", "memory": 8}]}"""
                            .formatted(family));
                    if (registered.status() == 200) {
                        acknowledged.add(registered.revision());
                    }
                    request("GET", "/v1/clusters/" + family + "-0", null);
                    pause(Duration.ofMillis(50));
                }
            }, runnable -> Thread.ofVirtual().start(runnable)));
        }
        try {
            // the load is going (registrations acknowledged) and the leases are held before the first fault
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 5 && !leadership.currentlyLed().isEmpty());

            phase = "restart-fast";
            server.restartFast();
            awaitRecovered();

            phase = "restart-immediate";
            server.restartImmediate();
            awaitRecovered();

            phase = "black-hole";
            proxy.blackHole();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Outcome readiness = request("GET", "/actuator/health/readiness", null);
                assertThat(readiness.status()).as("readiness while black-holed").isEqualTo(503);
                assertThat(readiness.took()).as("readiness answers within its budget").isLessThan(READINESS_BOUND);
            });
            // the fault lasts past the lease TTL (6 s in the it profile): not a wait for a result, the fault's length
            Thread.sleep(12_000);
            proxy.heal();
            phase = "healed";
            awaitRecovered();
        } finally {
            loading.set(false);
            proxy.heal();
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(REQUEST_BOUND.toSeconds() * 2,
                java.util.concurrent.TimeUnit.SECONDS);

        report();
        assertThat(outcomes).as("every request answered within %s", REQUEST_BOUND)
                .allSatisfy(o -> assertThat(o.took()).as("%s", o).isLessThan(REQUEST_BOUND));
        assertThat(outcomes).as("only 200, or 503 (with Retry-After from the API)").allSatisfy(o -> {
            assertThat(o.status()).as("%s", o).isIn(200, 503);
            if (o.status() == 503 && o.path().startsWith("/v1")) {
                assertThat(o.retryAfter()).as("%s", o).isNotBlank();
            }
        });
        for (String fault : List.of("restart-fast", "restart-immediate", "black-hole")) {
            assertThat(outcomes).as("the %s fault was seen by the API", fault)
                    .anyMatch(o -> o.phase().equals(fault) && o.status() == 503);
        }

        List<String> stored = revisionsInTheDatabase(family);
        assertThat(stored).as("every acknowledged registration is in the database").containsAll(acknowledged);
        assertThat(acknowledged).hasSizeGreaterThan(20);
    }

    /** All of Gantry's pools (requests, scheduler, hosts; the lease pool copies the first) carry the timeouts. */
    private void assertEveryPoolIsBounded() throws SQLException {
        WorkloadDataSource pools = dataSource.unwrap(WorkloadDataSource.class);
        for (BackgroundWork.Workload workload : BackgroundWork.Workload.values()) {
            HikariDataSource pool = BackgroundWork.call(workload, () -> pools.currentPool());
            assertThat(pool.getConnectionTimeout()).as("%s connection-timeout", workload).isEqualTo(2500);
            assertThat(pool.getValidationTimeout()).as("%s validation-timeout", workload).isEqualTo(1000);
            assertThat(pool.getDataSourceProperties()).as("%s driver settings", workload)
                    .containsEntry("socketTimeout", "5").containsEntry("connectTimeout", "2")
                    .containsEntry("loginTimeout", "3").containsEntry("tcpKeepAlive", "true")
                    .containsEntry("options", "-c statement_timeout=4s -c idle_in_transaction_session_timeout=15s");
        }
    }

    /** Every request 200 again, readiness UP, and the lease renewal thread holding leases again. */
    private void awaitRecovered() {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(request("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(request("GET", "/v1/clusters?maxResults=1", null).status()).isEqualTo(200);
            assertThat(leadership.currentlyLed()).as("leases renewed after %s", phase).isNotEmpty();
        });
        Thread.yield();
    }

    /** The registered revision a response names, or "" (an error body, or no JSON at all). */
    private static String revisionIn(String body) {
        try {
            JsonNode revision = JSON.readTree(body).findValue("revision");
            return revision != null && revision.isNumber() ? revision.asString() : "";
        } catch (JacksonException notJson) {
            return "";
        }
    }

    private Outcome request(String method, String path, String body) {
        String currentPhase = phase;
        long start = System.nanoTime();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        // a probe carries no credentials (health is open), so its answer does not depend on authenticating
        HttpRequest.Builder request = (path.startsWith("/actuator/health") ? HttpRequest.newBuilder(uri)
                : TestCredentials.request(uri))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Outcome outcome;
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            outcome = new Outcome(currentPhase, method, path, response.statusCode(), Duration.ofNanos(System.nanoTime() - start),
                    response.headers().firstValue("Retry-After").orElse(""), revisionIn(response.body()));
        } catch (IOException e) {
            outcome = new Outcome(currentPhase, method, path, -1, Duration.ofNanos(System.nanoTime() - start), e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        outcomes.add(outcome);
        return outcome;
    }

    private void report() {
        Map<String, List<Outcome>> byPhase = new java.util.TreeMap<>();
        synchronized (outcomes) {
            outcomes.forEach(o -> byPhase.computeIfAbsent(o.phase(), p -> new ArrayList<>()).add(o));
        }
        byPhase.forEach((p, list) -> System.out.printf("[database-fault] %-18s requests=%4d ok=%4d 503=%4d other=%d max=%dms%n", p,
                list.size(), count(list, o -> o.status() == 200), count(list, o -> o.status() == 503),
                count(list, o -> o.status() != 200 && o.status() != 503),
                list.stream().mapToLong(o -> o.took().toMillis()).max().orElse(0)));
        System.out.printf("[database-fault] acknowledged creates=%d%n", acknowledged.size());
    }

    private static long count(List<Outcome> list, Predicate<Outcome> test) {
        return list.stream().filter(test).count();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Straight from the server, not through Gantry nor the proxy. */
    private static List<String> revisionsInTheDatabase(String family) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                var query = c.prepareStatement("SELECT revision::text FROM task_definition WHERE family = ?")) {
            query.setString(1, family);
            ResultSet rs = query.executeQuery();
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
