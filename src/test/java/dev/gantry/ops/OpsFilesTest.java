package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped alert rules, dashboard and docker-compose.yml are well-formed and wired together. */
class OpsFilesTest {

    /** What an access key id of Gantry looks like, to find one written into a shipped file. */
    private static final String KEY_ID = "GK[A-Z0-9]{18}";

    @TempDir
    Path dir;

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

    @Test
    @SuppressWarnings("unchecked")
    void composeRequiresTheBootstrapKeyFromTheEnvironmentAndCommitsNone() throws IOException {
        String file = Files.readString(Path.of("docker-compose.yml"));
        Map<String, Object> services = (Map<String, Object>) yaml("docker-compose.yml").get("services");
        for (String service : List.of("gantry", "prometheus")) {
            Map<String, String> env = (Map<String, String>) ((Map<String, Object>) services.get(service)).get("environment");
            assertThat(env.get("GANTRY_BOOTSTRAP_ACCESS_KEY_ID")).as(service)
                    .startsWith("${GANTRY_BOOTSTRAP_ACCESS_KEY_ID:?");
            assertThat(env.get("GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY")).as("%s: required, no default", service)
                    .startsWith("${GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY:?");
        }
        assertThat(file).doesNotContainPattern(KEY_ID).doesNotContainPattern("SECRET_ACCESS_KEY:-[^}]");
        assertThat(Files.readString(Path.of(".gitignore")).lines()).as("the .env holding the key is never committed")
                .contains(".env");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composesPrometheusScrapesGantryWithBasicAuthFromTheFilesItsEntrypointWrites() throws IOException {
        Map<String, Object> scrapeConfig = (Map<String, Object>) yaml("ops/prometheus/prometheus.yml");
        Map<String, Object> job = ((List<Map<String, Object>>) scrapeConfig.get("scrape_configs")).stream()
                .filter(j -> "gantry".equals(j.get("job_name"))).findFirst().orElseThrow();
        Map<String, String> basicAuth = (Map<String, String>) job.get("basic_auth");
        assertThat(basicAuth).as("credentials from files, none in the config")
                .containsOnlyKeys("username_file", "password_file")
                .containsEntry("username_file", "/tmp/gantry-scrape/access-key-id")
                .containsEntry("password_file", "/tmp/gantry-scrape/secret-access-key");

        Map<String, Object> prometheus = (Map<String, Object>) ((Map<String, Object>) yaml("docker-compose.yml")
                .get("services")).get("prometheus");
        assertThat((List<String>) prometheus.get("entrypoint"))
                .containsExactly("/bin/sh", "/etc/prometheus/with-gantry-credentials.sh");
        assertThat((List<String>) prometheus.get("volumes"))
                .contains("./ops/prometheus/with-gantry-credentials.sh:/etc/prometheus/with-gantry-credentials.sh:ro");
        assertThat((List<String>) prometheus.get("command")).contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(Files.readString(Path.of("ops/prometheus/with-gantry-credentials.sh")))
                .as("the script's default directory is the one prometheus.yml reads")
                .contains("GANTRY_SCRAPE_CREDENTIALS_DIR:-/tmp/gantry-scrape}");
    }

    private record Entrypoint(int exit, String output) {
    }

    /** Runs the Prometheus entrypoint with a stand-in for Prometheus that prints its arguments. */
    private Entrypoint entrypoint(Map<String, String> env) throws IOException, InterruptedException {
        Path fakePrometheus = dir.resolve("prometheus");
        Files.writeString(fakePrometheus, "#!/bin/sh\necho \"prometheus started with $*\"\n");
        Files.setPosixFilePermissions(fakePrometheus, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("sh", "ops/prometheus/with-gantry-credentials.sh",
                "--config.file=/etc/prometheus/prometheus.yml").redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        builder.environment().put("GANTRY_SCRAPE_CREDENTIALS_DIR", dir.resolve("credentials").toString());
        builder.environment().put("PROMETHEUS_BINARY", fakePrometheus.toString());
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("entrypoint finished: %s", output).isTrue();
        return new Entrypoint(p.exitValue(), output);
    }

    private String credential(String name) throws IOException {
        Path file = dir.resolve("credentials").resolve(name);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(name).isEqualTo("rw-------");
        return Files.readString(file);
    }

    @Test
    void prometheusScrapesWithTheBootstrapKeyUnlessAKeyOfItsOwnIsGiven() throws Exception {
        String bootstrapSecret = "BootstrapSecretOfThisTest0000000000000/+";
        Entrypoint withBootstrap = entrypoint(Map.of("GANTRY_BOOTSTRAP_ACCESS_KEY_ID", "GKBOOTSTRAP000000000",
                "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY", bootstrapSecret));
        assertThat(withBootstrap.exit()).as(withBootstrap.output()).isZero();
        assertThat(withBootstrap.output()).contains("prometheus started with --config.file=/etc/prometheus/prometheus.yml")
                .doesNotContain(bootstrapSecret);
        assertThat(credential("access-key-id")).isEqualTo("GKBOOTSTRAP000000000");
        assertThat(credential("secret-access-key")).as("exactly the secret, no newline").isEqualTo(bootstrapSecret);

        Entrypoint withOwnKey = entrypoint(Map.of("GANTRY_BOOTSTRAP_ACCESS_KEY_ID", "GKBOOTSTRAP000000000",
                "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY", bootstrapSecret,
                "GANTRY_SCRAPE_ACCESS_KEY_ID", "GKREADONLYSCRAPE0000",
                "GANTRY_SCRAPE_SECRET_ACCESS_KEY", "ReadOnlyScrapeSecret00000000000000000000"));
        assertThat(withOwnKey.exit()).as(withOwnKey.output()).isZero();
        assertThat(credential("access-key-id")).isEqualTo("GKREADONLYSCRAPE0000");
        assertThat(credential("secret-access-key")).isEqualTo("ReadOnlyScrapeSecret00000000000000000000");
    }

    @Test
    void prometheusDoesNotStartWithoutAKeyToScrapeWith() throws Exception {
        Entrypoint none = entrypoint(Map.of());

        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.output()).contains("GANTRY_SCRAPE_ACCESS_KEY_ID").doesNotContain("prometheus started");
        assertThat(dir.resolve("credentials")).doesNotExist();
    }
}
