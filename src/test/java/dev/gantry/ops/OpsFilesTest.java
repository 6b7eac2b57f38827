package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped alert rules, dashboard and docker-compose.yml are well-formed and wired together. */
class OpsFilesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(Path.of(file)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleHasAnExpressionSeverityAndSummary() throws IOException {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) yaml("ops/prometheus/alerts.yml").get("groups");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.getFirst().get("rules");
        assertThat(rules).extracting(r -> r.get("alert")).contains("GantryHostLost", "GantryServiceBelowDesired",
                "GantryDeploymentFailed", "GantryReconcileStalled", "GantryDockerApiErrors", "GantryDockerApiSlow");
        for (Map<String, Object> rule : rules) {
            assertThat((String) rule.get("expr")).as("%s expr", rule.get("alert")).contains("gantry").doesNotContain("task_id");
            assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
            assertThat((Map<String, Object>) rule.get("annotations")).containsKey("summary");
        }
        Map<String, Object> below = rules.stream().filter(r -> "GantryServiceBelowDesired".equals(r.get("alert"))).findFirst()
                .orElseThrow();
        assertThat(below.get("for")).isEqualTo("10m");
        assertThat(rules).extracting(r -> (String) r.get("expr")).filteredOn(e -> e.contains("docker_api_duration"))
                .isNotEmpty().noneMatch(e -> e.matches("(?s).*by \\([^)]*host.*"));
    }

    @Test
    void dashboardHasTheFourSectionsAndOnlyPrometheusQueries() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("helm/gantry/dashboards/gantry.json")));
        assertThat(dashboard.get("uid").asString()).isEqualTo("gantry-overview");
        List<String> rows = dashboard.get("panels").valueStream().filter(p -> "row".equals(p.get("type").asString()))
                .map(p -> p.get("title").asString()).toList();
        assertThat(rows).containsExactly("Cluster overview", "Service rollouts", "Hosts", "Control-plane health");
        dashboard.get("panels").valueStream().filter(p -> !"row".equals(p.get("type").asString())).forEach(p ->
                assertThat(p.get("targets").valueStream().map(t -> t.get("expr").asString()).toList())
                        .as(p.get("title").asString()).isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank()));
        // the Docker API histogram has no host label (series would grow with the fleet)
        dashboard.get("panels").valueStream().filter(p -> p.has("targets"))
                .flatMap(p -> p.get("targets").valueStream()).map(t -> t.get("expr").asString())
                .filter(e -> e.contains("docker_api_duration"))
                .forEach(e -> assertThat(e).doesNotContainPattern("by \\([^)]*host"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsGantryPostgresPrometheusAndGrafanaWithTheShippedFiles() throws IOException {
        Map<String, Object> services = (Map<String, Object>) yaml("docker-compose.yml").get("services");
        assertThat(services).containsOnlyKeys("gantry", "postgres", "prometheus", "grafana");

        Map<String, Object> gantry = (Map<String, Object>) services.get("gantry");
        Map<String, String> env = (Map<String, String>) gantry.get("environment");
        assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/gantry");
        assertThat(env.get("GANTRY_ENCRYPTION_KEY")).startsWith("${GANTRY_ENCRYPTION_KEY");
        assertThat(env.get("GANTRY_BOOTSTRAP_REGISTER_LOCAL_ENGINE")).as("off unless asked").endsWith(":-false}");
        assertThat(env.get("GANTRY_BOOTSTRAP_CLUSTER")).isEqualTo("default");
        assertThat((List<String>) gantry.get("volumes")).contains("/var/run/docker.sock:/var/run/docker.sock");
        assertThat(gantry.get("build")).isEqualTo(".");

        List<String> prometheus = (List<String>) ((Map<String, Object>) services.get("prometheus")).get("volumes");
        assertThat(prometheus).anyMatch(v -> v.startsWith("./ops/prometheus/alerts.yml:"))
                .anyMatch(v -> v.startsWith("./ops/prometheus/prometheus.yml:"));
        List<String> grafana = (List<String>) ((Map<String, Object>) services.get("grafana")).get("volumes");
        assertThat(grafana).anyMatch(v -> v.startsWith("./ops/grafana/provisioning:"))
                .anyMatch(v -> v.startsWith("./helm/gantry/dashboards:"));
        for (String mount : List.of("ops/prometheus/alerts.yml", "ops/prometheus/prometheus.yml",
                "ops/grafana/provisioning/datasources/prometheus.yml", "ops/grafana/provisioning/dashboards/gantry.yml")) {
            assertThat(Path.of(mount)).exists();
        }
        assertThat(Files.readString(Path.of("ops/prometheus/prometheus.yml"))).contains("/actuator/prometheus", "gantry:8080",
                "/etc/prometheus/alerts.yml");
    }
}
