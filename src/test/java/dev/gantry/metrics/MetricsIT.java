package dev.gantry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Scrapes /actuator/prometheus after a little real activity on rig host 1 (a cluster, the host, a
 * task that runs and stops, a task that cannot be placed, a service) and checks the metric names,
 * labels and that the dashboard and alert rules refer only to metrics Gantry exposes.
 */
@GantryIntegrationTest
class MetricsIT {

    private static final String HOST_SOCKET = RigHosts.unixSocket(1);

    /** Counters that only appear once their event has happened (not provoked here). */
    private static final Set<String> EVENT_ONLY = Set.of("gantry_deployment_circuit_breaker_trips_total",
            "gantry_service_replacements_total", "gantry_heartbeat_failures_total", "gantry_instances_lost_total",
            "gantry_docker_api_errors_total");

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    private String scrape() {
        return http.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody();
    }

    private void post(String uri, String body) {
        http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
    }

    @Test
    void exposesGantryMetricsWithBoundedLabels() throws IOException {
        String cluster = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        post("/v1/clusters", "{\"clusterName\":\"" + cluster + "\"}");
        post("/v1/task-definitions", """
                {"family":"%s","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1","memory":16,
                 "command":["sleep","60"]}]}""".formatted(cluster));
        post("/v1/task-definitions", """
                {"family":"%s-huge","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1",
                 "memory":100000000}]}""".formatted(cluster));
        post("/v1/clusters/" + cluster + "/services", """
                {"serviceName":"idle","taskDefinition":"%s","desiredCount":0}""".formatted(cluster));

        var registration = http.post().uri("/v1/clusters/" + cluster + "/container-instances")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("dockerEndpoint", HOST_SOCKET)).exchange()
                .returnResult(String.class);
        boolean registered = registration.getStatus().is2xxSuccessful();
        String taskId = null;
        String instanceId = null;
        try {
            if (registered) {
                instanceId = jdbc.sql("SELECT i.id FROM container_instance i JOIN cluster c ON c.id = i.cluster_id "
                        + "WHERE c.name = ? AND c.status = 'ACTIVE' AND i.status <> 'INACTIVE'").param(cluster)
                        .query(String.class).single().trim();
                post("/v1/clusters/" + cluster + "/tasks", "{\"taskDefinition\":\"" + cluster + "-huge\"}");
                post("/v1/clusters/" + cluster + "/tasks", "{\"taskDefinition\":\"" + cluster + "\"}");
                taskId = jdbc.sql("SELECT t.id FROM task t JOIN cluster c ON c.id = t.cluster_id WHERE c.name = ? "
                        + "AND c.status = 'ACTIVE'").param(cluster).query(String.class).single().trim();
                String id = taskId;
                await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(jdbc.sql(
                        "SELECT last_status FROM task WHERE id = ?").param(id).query(String.class).single()));
                post("/v1/clusters/" + cluster + "/tasks/" + taskId + "/stop", "{}");
                await().atMost(Duration.ofSeconds(60)).until(() -> "STOPPED".equals(jdbc.sql(
                        "SELECT last_status FROM task WHERE id = ?").param(id).query(String.class).single()));
            }

            String hostLabel = "host=\"" + instanceId + "\"";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String text = scrape();
                assertThat(text).contains(
                        "gantry_tasks{", "last_status=\"RUNNING\"", "cluster=\"" + cluster + "\"",
                        "gantry_service_desired_tasks{", "gantry_service_running_tasks{", "gantry_service_pending_tasks{",
                        "service=\"idle\"",
                        "gantry_deployments{", "rollout_state=\"IN_PROGRESS\"",
                        "gantry_container_instances{", "agent_connected=\"true\"",
                        "gantry_leadership_held{", "gantry_leadership_clusters",
                        "gantry_reconcile_duration_seconds_bucket{",
                        // what Spring Boot gives: JVM, HTTP server, connection pool
                        "jvm_memory_used_bytes", "http_server_requests_seconds_count", "hikaricp_connections");
                if (registered) {
                    assertThat(text).contains(
                            "gantry_container_instance_remaining_cpu_cores{",
                            "gantry_container_instance_remaining_memory_bytes{",
                            "gantry_container_instance_registered_memory_bytes{",
                            hostLabel,
                            "gantry_reconcile_passes_total{",
                            "gantry_docker_api_duration_seconds_bucket{", "operation=\"create\"",
                            "gantry_task_launch_duration_seconds_bucket{", "scheduler=\"run_task\"",
                            "gantry_task_stops_total{", "stop_code=\"UserInitiated\"",
                            "gantry_placement_failures_total{", "reason=\"RESOURCE:MEMORY\"");
                }
            });

            String text = scrape();
            if (taskId != null) {
                assertThat(text).as("no task id in any label").doesNotContain(taskId);
            }
            // the per-call histogram is per operation only: a host label would multiply it by the fleet
            assertThat(text.lines().filter(l -> l.startsWith("gantry_docker_api_duration_seconds")))
                    .noneMatch(l -> l.contains("host=\""));
            Set<String> exposed = families(text);
            Set<String> referenced = new TreeSet<>();
            referenced.addAll(gantryNames(Files.readString(Path.of("ops/prometheus/alerts.yml"))));
            referenced.addAll(gantryNames(Files.readString(Path.of("helm/gantry/dashboards/gantry.json"))));
            assertThat(referenced).isNotEmpty();
            for (String name : referenced) {
                if (!registered && !name.startsWith("gantry_tasks") && !name.startsWith("gantry_service")
                        && !name.startsWith("gantry_deployments") && !name.startsWith("gantry_leadership")) {
                    continue;
                }
                assertThat(exposed.contains(name) || EVENT_ONLY.contains(name))
                        .as("dashboard/alert metric %s is exposed", name).isTrue();
            }
        } finally {
            if (instanceId != null) {
                http.delete().uri("/v1/clusters/" + cluster + "/container-instances/" + instanceId + "?force=true")
                        .exchange();
            }
        }
    }

    /** Sample names in the scrape (histograms give _bucket, _count, _sum). */
    private static Set<String> families(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<String> gantryNames(String text) {
        Matcher m = Pattern.compile("gantry_[a-z_]+[a-z]").matcher(text);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
