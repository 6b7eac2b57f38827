package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Renders helm/gantry with helm lint and helm template (default and fully customised values) and checks the manifests. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/gantry");
    private static final Path CUSTOM = Path.of("src/test/resources/helm/values-custom.yaml");

    private static List<Map<String, Object>> render(Path values) {
        var template = new Helm(CHART).template().withName("gantry").withNamespace("ops");
        if (values != null) {
            template = template.withValuesFile(values);
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(template.call())) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return docs;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found = ofKind(docs, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    /** Follows a path of map keys and list indexes. */
    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current).get(step);
            Objects.requireNonNull(current, () -> "no " + step + " in path " + List.of(path));
        }
        return (T) current;
    }

    private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
        List<Map<String, Object>> found = ofKind(docs, kind).stream().filter(d -> name.equals(at(d, "metadata", "name")))
                .toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.getFirst();
    }

    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        return at(one(docs, "Deployment"), "spec", "template", "spec", "containers", 0);
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = at(container, "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    @Test
    void chartLintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultValuesRenderTwoHardenedReplicasWithProbesAndABudget() {
        List<Map<String, Object>> docs = render(null);
        Map<String, Object> deployment = one(docs, "Deployment");
        assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(2);

        Map<String, Object> c = container(docs);
        assertThat((String) at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((Boolean) at(c, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Boolean) at(c, "securityContext", "readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(c, "securityContext", "allowPrivilegeEscalation")).isFalse();
        assertThat((List<String>) at(c, "securityContext", "capabilities", "drop")).containsExactly("ALL");
        assertThat((Boolean) at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Integer) at(deployment, "spec", "template", "spec", "securityContext", "runAsUser")).isEqualTo(10001);
        assertThat((String) at(c, "resources", "requests", "memory")).isEqualTo("512Mi");
        assertThat((String) at(c, "volumeMounts", 0, "mountPath")).isEqualTo("/tmp");
        assertThat((Map<String, Object>) at(deployment, "spec", "template", "spec", "volumes", 0, "emptyDir")).isEmpty();

        assertThat((String) at(env(c, "SPRING_DATASOURCE_PASSWORD"), "valueFrom", "secretKeyRef", "key")).isEqualTo("database-password");
        assertThat((String) at(env(c, "GANTRY_ENCRYPTION_KEY"), "valueFrom", "secretKeyRef", "key")).isEqualTo("encryption-key");
        assertThat((Map<String, Object>) at(env(c, "GANTRY_ENCRYPTION_PREVIOUS_KEYS"), "valueFrom", "secretKeyRef"))
                .as("no previous keys unless a rotation puts them in the Secret")
                .containsEntry("key", "encryption-previous-keys").containsEntry("optional", true);
        assertThat((String) at(env(c, "SPRING_DATASOURCE_USERNAME"), "valueFrom", "secretKeyRef", "name")).isEqualTo("gantry");

        assertThat(ofKind(docs, "Secret")).extracting(d -> at(d, "metadata", "name"))
                .containsExactlyInAnyOrder("gantry", "gantry-bootstrap");
        Map<String, Object> secret = named(docs, "Secret", "gantry");
        Map<String, String> data = at(secret, "stringData");
        assertThat(data).containsOnlyKeys("database-username", "database-password", "encryption-key");
        assertThat(Base64.getDecoder().decode(data.get("encryption-key"))).as("a generated 32-byte key").hasSize(32);

        Map<String, Object> pdb = one(docs, "PodDisruptionBudget");
        assertThat((Integer) at(pdb, "spec", "minAvailable")).isEqualTo(1);
        assertThat((Map<String, Object>) at(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));

        Map<String, Object> service = one(docs, "Service");
        assertThat((Integer) at(service, "spec", "ports", 0, "port")).isEqualTo(8080);
        assertThat((String) at(one(docs, "ConfigMap"), "data", "SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://postgresql:5432/gantry");

        assertThat(ofKind(docs, "ServiceMonitor")).as("ServiceMonitor only when enabled").isEmpty();
        assertThat(ofKind(docs, "PrometheusRule")).as("PrometheusRule only when enabled").isEmpty();
        assertThat(ofKind(docs, "ConfigMap")).as("dashboard only when enabled").hasSize(1);
    }

    @Test
    void customisedValuesReachTheManifests() {
        List<Map<String, Object>> docs = render(CUSTOM);
        Map<String, Object> deployment = one(docs, "Deployment");
        assertThat((String) at(deployment, "metadata", "name")).isEqualTo("gantry-prod");
        assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> c = container(docs);
        assertThat((String) at(c, "image")).isEqualTo("registry.example.com/platform/gantry:1.2.3");
        assertThat((String) at(c, "resources", "limits", "memory")).isEqualTo("2Gi");
        assertThat((String) at(env(c, "JAVA_TOOL_OPTIONS"), "value")).isEqualTo("-XX:MaxRAMPercentage=70");
        assertThat((String) at(deployment, "spec", "template", "spec", "imagePullSecrets", 0, "name"))
                .isEqualTo("registry-credentials");

        List<Map<String, Object>> configMaps = ofKind(docs, "ConfigMap");
        Map<String, Object> config = configMaps.stream().filter(m -> "gantry-prod".equals(at(m, "metadata", "name")))
                .findFirst().orElseThrow();
        Map<String, String> configData = at(config, "data");
        assertThat(configData).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example.com:5432/gantry_prod?sslmode=require")
                .containsEntry("GANTRY_REGION", "eu-west-1").containsEntry("GANTRY_ACCOUNT_ID", "123456789012")
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .containsEntry("GANTRY_INSTANCES_LOSSTIMEOUT", "90s")
                .doesNotContainValue("s3cr3t-db-password");

        Map<String, String> secret = at(named(docs, "Secret", "gantry-prod"), "stringData");
        assertThat(secret).containsEntry("database-username", "gantry_prod")
                .containsEntry("database-password", "s3cr3t-db-password")
                .containsEntry("encryption-key", "Q0hBTkdFLU1FLUNIQU5HRS1NRS1DSEFOR0UtTUUtISE=")
                .containsEntry("encryption-previous-keys", "T0xELUtFWS1PTEQtS0VZLU9MRC1LRVktT0xELUtFWSE=");

        assertThat((Integer) at(one(docs, "PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(2);
        Map<String, Object> service = one(docs, "Service");
        assertThat((String) at(service, "spec", "type")).isEqualTo("LoadBalancer");
        assertThat((Integer) at(service, "spec", "ports", 0, "port")).isEqualTo(80);

        Map<String, Object> monitor = one(docs, "ServiceMonitor");
        assertThat((String) at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat((String) at(monitor, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");

        Map<String, Object> rule = one(docs, "PrometheusRule");
        @SuppressWarnings("unchecked")
        Map<String, Object> shipped = (Map<String, Object>) new Yaml().load(readString(Path.of("ops/prometheus/alerts.yml")));
        assertThat((Object) at(rule, "spec")).as("the chart's rules equal ops/prometheus/alerts.yml").isEqualTo(shipped);

        Map<String, Object> dashboard = configMaps.stream().filter(m -> "gantry-prod-dashboard".equals(at(m, "metadata", "name")))
                .findFirst().orElseThrow();
        assertThat((String) at(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        assertThat((String) at(dashboard, "data", "gantry.json")).contains("\"uid\": \"gantry-overview\"", "gantry_tasks");
    }

    @Test
    void anExistingSecretReplacesTheChartsSecret() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(new Helm(CHART).template().withName("gantry")
                .set("database.existingSecret", "gantry-credentials").call())) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        assertThat(ofKind(docs, "Secret")).extracting(d -> at(d, "metadata", "name")).containsExactly("gantry-bootstrap");
        assertThat((String) at(env(container(docs), "GANTRY_ENCRYPTION_KEY"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("gantry-credentials");
    }

    @Test
    void theBootstrapKeyIsGeneratedAtInstallIntoASecretAndHandedToEveryReplica() {
        List<Map<String, Object>> docs = render(null);
        Map<String, Object> secret = named(docs, "Secret", "gantry-bootstrap");
        assertThat((String) at(secret, "metadata", "annotations", "helm.sh/resource-policy"))
                .as("kept on uninstall: the database keeps the key").isEqualTo("keep");
        Map<String, String> key = at(secret, "stringData");
        assertThat(key).containsOnlyKeys("access-key-id", "secret-access-key");
        assertThat(key.get("access-key-id")).matches("GK[A-Z0-9]{18}");
        assertThat(key.get("secret-access-key")).matches("[A-Za-z0-9/+]{40}");
        Map<String, String> again = at(named(render(null), "Secret", "gantry-bootstrap"), "stringData");
        assertThat(again.get("secret-access-key")).as("generated, not a literal of the chart")
                .isNotEqualTo(key.get("secret-access-key"));
        assertThat(again.get("access-key-id")).isNotEqualTo(key.get("access-key-id"));

        Map<String, Object> c = container(docs);
        for (var e : Map.of("GANTRY_BOOTSTRAP_ACCESS_KEY_ID", "access-key-id",
                "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY", "secret-access-key").entrySet()) {
            assertThat((String) at(env(c, e.getKey()), "valueFrom", "secretKeyRef", "name")).isEqualTo("gantry-bootstrap");
            assertThat((String) at(env(c, e.getKey()), "valueFrom", "secretKeyRef", "key")).isEqualTo(e.getValue());
        }
    }

    @Test
    void anExistingBootstrapSecretReplacesTheGeneratedOne() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(new Helm(CHART).template().withName("gantry")
                .set("bootstrap.existingSecret", "gantry-admin-key").set("serviceMonitor.enabled", "true").call())) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        assertThat(ofKind(docs, "Secret")).extracting(d -> at(d, "metadata", "name")).containsExactly("gantry");
        assertThat((String) at(env(container(docs), "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY"), "valueFrom", "secretKeyRef",
                "name")).isEqualTo("gantry-admin-key");
        assertThat((String) at(one(docs, "ServiceMonitor"), "spec", "endpoints", 0, "basicAuth", "password", "name"))
                .as("without a key of its own, Prometheus scrapes with the bootstrap key").isEqualTo("gantry-admin-key");
    }

    @Test
    void theServiceMonitorScrapesWithBasicAuthFromASecret() {
        Map<String, Object> endpoint = at(one(render(CUSTOM), "ServiceMonitor"), "spec", "endpoints", 0);
        assertThat((Map<String, Object>) at(endpoint, "basicAuth", "username"))
                .isEqualTo(Map.of("name", "gantry-prometheus-key", "key", "access-key-id"));
        assertThat((Map<String, Object>) at(endpoint, "basicAuth", "password"))
                .isEqualTo(Map.of("name", "gantry-prometheus-key", "key", "secret-access-key"));
    }

    @Test
    void noAccessKeyIsWrittenIntoTheChart() throws IOException {
        try (var files = Files.walk(CHART)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(readString(file)).as(file.toString()).doesNotContainPattern("GK[A-Z0-9]{18}")
                        .doesNotContain("secretAccessKey").doesNotContain("secret-access-key: \"");
            }
        }
        Map<String, Object> values = new Yaml().load(readString(CHART.resolve("values.yaml")));
        assertThat((Map<String, Object>) values.get("bootstrap")).as("only a Secret's name, no key in values")
                .containsOnlyKeys("existingSecret");
    }
}
