package dev.gantry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Liveness and readiness groups: readiness includes the database, not the Docker hosts. */
@GantryIntegrationTest
class HealthIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Test
    void livenessAndReadinessAreUpAndReadinessIncludesTheDatabase() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.readinessState.status").isEqualTo("UP")
                // every background loop is supervised (LoopHealth) and a stalled one makes the replica unready
                .jsonPath("$.components.loops.status").isEqualTo("UP");
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(scrape).contains("gantry_reconcile_loops_stalled", "gantry_reconcile_loop_restarts_total{",
                "loop=\"lease-renewal\"", "loop=\"heartbeat\"", "loop=\"host\"");
    }

    @Test
    void anUnreachableDockerHostDoesNotMakeGantryUnready() {
        String cluster = "health-" + UUID.randomUUID().toString().substring(0, 8);
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .body("{\"clusterName\":\"" + cluster + "\"}").exchange().expectStatus().isOk();
        String id = UUID.randomUUID().toString().replace("-", "");
        // a host that was registered and then went away: nothing listens on port 1
        jdbc.sql("""
                INSERT INTO container_instance (id, cluster_id, docker_endpoint, engine_id, engine_name, docker_version,
                  status, registered_cpu, registered_memory, remaining_cpu, remaining_memory)
                SELECT :id, c.id, 'tcp://127.0.0.1:1', :engine, 'gone', '27.0', 'ACTIVE', 1024, 512, 1024, 512
                FROM cluster c WHERE c.name = :name AND c.status = 'ACTIVE'""")
                .param("id", id).param("engine", "gone-" + id).param("name", cluster).update();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT NOT agent_connected FROM container_instance WHERE id = ?").param(id).query(Boolean.class).single());
            http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
            http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
        } finally {
            jdbc.sql("UPDATE container_instance SET status = 'INACTIVE' WHERE id = ?").param(id).update();
        }
    }
}
