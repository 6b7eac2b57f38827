package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh cluster with a unique name (other test JVMs share the rig, and Gantry removes unknown
 * containers of its own cluster) and some rig hosts registered, driven over the REST API. Closing it
 * deregisters the hosts and removes the cluster's containers from them.
 */
final class TestCluster implements AutoCloseable {

    static final Duration CONVERGE = Duration.ofSeconds(90);

    record Response(int status, JsonNode body, String etag) {
    }

    final RestTestClient http;
    final JsonMapper json;
    final String name;
    final String arn;
    final Map<Integer, String> instances = new LinkedHashMap<>();

    private TestCluster(RestTestClient http, JsonMapper json, String name) {
        this.http = http;
        this.json = json;
        this.name = name;
        this.arn = "arn:aws:ecs:local:000000000000:cluster/" + name;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static TestCluster create(RestTestClient http, JsonMapper json, String prefix, int... hosts) {
        return named(http, json, unique(prefix), hosts);
    }

    /** A cluster of the given name (another installation may have one of the same name, hence the same ARN). */
    static TestCluster named(RestTestClient http, JsonMapper json, String name, int... hosts) {
        TestCluster c = new TestCluster(http, json, name);
        c.ok(c.call(HttpMethod.POST, "/v1/clusters", Map.of("clusterName", c.name), null));
        for (int h : hosts) {
            c.register(h);
        }
        return c;
    }

    /** The same cluster and hosts driven through another Gantry process (another replica on the same database). */
    static TestCluster attach(RestTestClient http, JsonMapper json, TestCluster other) {
        TestCluster c = new TestCluster(http, json, other.name);
        c.instances.putAll(other.instances);
        return c;
    }

    void register(int host) {
        JsonNode ci = ok(call(HttpMethod.POST, "/v1/clusters/" + name + "/container-instances",
                Map.of("dockerEndpoint", RigHosts.unixSocket(host), "availabilityZone", "zone-" + host), null));
        instances.put(host, ci.get("containerInstanceArn").asString());
    }

    String instanceId(int host) {
        String arn = instances.get(host);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    void setInstanceState(int host, String status) {
        ok(call(HttpMethod.PUT, "/v1/clusters/" + name + "/container-instances/" + instanceId(host) + "/state",
                Map.of("status", status), null));
    }

    /** Registers a revision of {@code family}; returns "family:revision". */
    String taskDefinition(String family, String image, String command, Map<String, Object> healthCheck) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "main");
        container.put("image", image);
        container.put("memory", 32);
        container.put("cpu", 16);
        container.put("essential", true);
        container.put("command", List.of("sh", "-c", command));
        if (healthCheck != null) {
            container.put("healthCheck", healthCheck);
        }
        JsonNode td = ok(call(HttpMethod.POST, "/v1/task-definitions",
                Map.of("family", family, "containerDefinitions", List.of(container)), null));
        return family + ":" + td.get("taskDefinition").get("revision").asInt();
    }

    String sleeper(String family, String image) {
        return taskDefinition(family, image, "sleep 3600", null);
    }

    JsonNode createService(Map<String, Object> request) {
        return ok(call(HttpMethod.POST, "/v1/clusters/" + name + "/services", request, null));
    }

    JsonNode replicaService(String service, String taskDefinition, int desired, Map<String, Object> deploymentConfiguration) {
        Map<String, Object> r = new LinkedHashMap<>(Map.of("serviceName", service, "taskDefinition", taskDefinition,
                "desiredCount", desired));
        if (deploymentConfiguration != null) {
            r.put("deploymentConfiguration", deploymentConfiguration);
        }
        return createService(r);
    }

    JsonNode service(String service) {
        return ok(call(HttpMethod.GET, "/v1/clusters/" + name + "/services/" + service, null, null));
    }

    JsonNode update(String service, Map<String, Object> request) {
        return ok(call(HttpMethod.PATCH, "/v1/clusters/" + name + "/services/" + service, request, null));
    }

    /** The service's tasks with the given desired status (RUNNING or STOPPED), every page. */
    List<JsonNode> tasks(String service, String desiredStatus) {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            String uri = "/v1/clusters/" + name + "/tasks?serviceName=" + service + "&desiredStatus=" + desiredStatus
                    + "&maxResults=100" + (token == null ? "" : "&nextToken=" + token);
            JsonNode page = ok(call(HttpMethod.GET, uri, null, null));
            page.get("items").forEach(all::add);
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asString() : null;
        } while (token != null);
        return all;
    }

    List<JsonNode> runningTasks(String service) {
        return tasks(service, "RUNNING").stream().filter(t -> "RUNNING".equals(t.get("lastStatus").asString())).toList();
    }

    /** Which rig host each of the given tasks runs on. */
    Map<Integer, Long> perHost(List<JsonNode> tasks) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        instances.keySet().forEach(h -> counts.put(h, 0L));
        for (JsonNode t : tasks) {
            instances.forEach((h, arn) -> {
                if (arn.equals(t.path("containerInstanceArn").asString(""))) {
                    counts.merge(h, 1L, Long::sum);
                }
            });
        }
        return counts;
    }

    List<String> eventMessages(String service) {
        return StreamSupport.stream(service(service).get("events").spliterator(), false)
                .map(e -> e.get("message").asString()).toList();
    }

    /** ServicesStable: one deployment, D running, and D containers of the service on the hosts. */
    boolean stable(String service, int desired) {
        JsonNode s = service(service);
        return s.get("deployments").size() == 1 && s.get("runningCount").asInt() == desired
                && s.get("pendingCount").asInt() == 0 && s.get("desiredCount").asInt() == desired
                && RigHosts.countRunning(List.copyOf(instances.keySet()), arn, service) == desired;
    }

    Response call(HttpMethod method, String uri, Object body, String ifMatch) {
        RestTestClient.RequestBodySpec spec = http.method(method).uri(uri);
        if (ifMatch != null) {
            spec.header("If-Match", ifMatch);
        }
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        EntityExchangeResult<String> r = spec.exchange().returnResult(String.class);
        String text = r.getResponseBody();
        JsonNode node = text == null || text.isBlank() ? tools.jackson.databind.node.NullNode.getInstance() : json.readTree(text);
        return new Response(r.getStatus().value(), node, r.getResponseHeaders().getETag());
    }

    JsonNode ok(Response r) {
        assertThat(r.status()).as("HTTP status, body %s", r.body()).isEqualTo(200);
        return r.body();
    }

    @Override
    public void close() {
        for (int h : instances.keySet()) {
            call(HttpMethod.DELETE, "/v1/clusters/" + name + "/container-instances/" + instanceId(h) + "?force=true",
                    null, null);
        }
        RigHosts.removeClusterEverywhere(arn);
    }
}
