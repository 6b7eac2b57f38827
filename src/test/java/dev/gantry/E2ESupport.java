package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the end-to-end tests on the rig: the whole application over HTTP (one shared Spring context), a fresh
 * cluster per test (unique name, because Gantry removes containers of its own cluster that it does not know, and
 * other test runs share the rig), and cleanup that deregisters the test's instances and removes its containers
 * from the hosts directly.
 */
@GantryIntegrationTest
public abstract class E2ESupport {

    protected static final String IMAGE = "gantry-test/busybox:1";

    @Autowired
    protected RestTestClient http;

    protected String cluster;
    protected String clusterArn;

    @BeforeEach
    void freshCluster() {
        RigHosts.directory();
        cluster = unique("t");
        clusterArn = call(HttpMethod.POST, "/v1/clusters", Map.of("clusterName", cluster), 200).get("clusterArn").asString();
    }

    @AfterEach
    void cleanUp() {
        JsonNode list = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances", null, 200);
        for (JsonNode i : list.get("items")) {
            http.delete().uri("/v1/clusters/{c}/container-instances/{i}?force=true", cluster, i.get("ec2InstanceId").asString())
                    .exchange();
        }
        RigHosts.removeClusterEverywhere(clusterArn);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A host port nobody else on the rig is expected to use ({@link RigHosts#hostPort()}). */
    protected static int freePort() {
        return RigHosts.hostPort();
    }

    protected JsonNode call(HttpMethod method, String uri, Object body, int status) {
        var spec = http.method(method).uri(uri);
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    protected String text(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    // --- container instances

    protected JsonNode register(Map<String, Object> body) {
        return call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances", body, 200);
    }

    /** Registers rig host N over its unix socket; returns the container instance id. */
    protected String register(int host, String zone) {
        return register(Map.of("dockerEndpoint", RigHosts.unixSocket(host), "availabilityZone", zone)).get("ec2InstanceId").asString();
    }

    protected String register(int host) {
        return register(host, "zone-a");
    }

    protected JsonNode instance(String id) {
        return call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances/" + id, null, 200);
    }

    protected static int resource(JsonNode resources, String name) {
        for (JsonNode r : resources) {
            if (r.get("name").asString().equals(name)) {
                return r.get("integerValue").asInt();
            }
        }
        throw new AssertionError("no resource " + name + " in " + resources);
    }

    // --- task definitions and tasks

    /** Registers a task definition with a unique family and the given container definitions; returns the family. */
    protected String taskDefinition(List<Map<String, Object>> containers) {
        return taskDefinition(containers, Map.of());
    }

    protected String taskDefinition(List<Map<String, Object>> containers, Map<String, Object> extra) {
        String family = unique("f");
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("family", family);
        body.put("containerDefinitions", containers);
        call(HttpMethod.POST, "/v1/task-definitions", body, 200);
        return family;
    }

    protected static Map<String, Object> container(String name, int memory, String script) {
        return Map.of("name", name, "image", IMAGE, "memory", memory, "command", List.of("sh", "-c", script));
    }

    protected JsonNode runTask(Map<String, Object> body) {
        return call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks", body, 200);
    }

    /** Runs {@code count} tasks, expects all placed, returns their ids. */
    protected List<String> run(String family, int count) {
        JsonNode launched = runTask(Map.of("taskDefinition", family, "count", count));
        assertThat(launched.get("failures")).as("failures of RunTask %s", launched).isEmpty();
        List<String> ids = new ArrayList<>();
        launched.get("tasks").forEach(t -> ids.add(taskId(t)));
        assertThat(ids).hasSize(count);
        return ids;
    }

    protected String runOne(String family) {
        return run(family, 1).getFirst();
    }

    protected static String taskId(JsonNode task) {
        String arn = task.get("taskArn").asString();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    protected String taskArn(String taskId) {
        return clusterArn.replace(":cluster/", ":task/") + "/" + taskId;
    }

    protected JsonNode task(String id) {
        return call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks/" + id, null, 200);
    }

    protected JsonNode awaitStatus(String id, String lastStatus, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(task(id).get("lastStatus").asString()).as("lastStatus of %s", id).isEqualTo(lastStatus));
        return task(id);
    }

    protected JsonNode awaitRunning(String id) {
        return awaitStatus(id, "RUNNING", Duration.ofSeconds(30));
    }

    protected JsonNode awaitStopped(String id) {
        return awaitStatus(id, "STOPPED", Duration.ofSeconds(45));
    }

    protected JsonNode stop(String id) {
        return call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/" + id + "/stop", Map.of("reason", "test"), 200);
    }

    protected static JsonNode container(JsonNode task, String name) {
        for (JsonNode c : task.get("containers")) {
            if (c.get("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + task);
    }

    /** The host port the task's container publishes for {@code containerPort}. */
    protected static int hostPort(JsonNode task, String containerName, int containerPort) {
        for (JsonNode b : container(task, containerName).path("networkBindings")) {
            if (b.get("containerPort").asInt() == containerPort) {
                return b.get("hostPort").asInt();
            }
        }
        throw new AssertionError("no binding for " + containerPort + " in " + task);
    }
}
