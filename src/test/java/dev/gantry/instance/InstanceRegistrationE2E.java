package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** RegisterContainerInstance against the rig's real engines: endpoints, TLS, resources, attributes, filters, lifecycle. */
class InstanceRegistrationE2E extends E2ESupport {

    private List<String> names(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        attributes.forEach(a -> names.add(a.get("name").asString()));
        return names;
    }

    private String attribute(JsonNode instance, String name) {
        for (JsonNode a : instance.get("attributes")) {
            if (a.get("name").asString().equals(name)) {
                return a.path("value").asString(null);
            }
        }
        throw new AssertionError("no attribute " + name);
    }

    @Test
    void registersOverUnixSocketWithTheEnginesOwnResourcesAndAttributes() {
        JsonNode i = register(Map.of("dockerEndpoint", RigHosts.unixSocket(1), "availabilityZone", "zone-a",
                "attributes", List.of(Map.of("name", "stack", "value", "prod"), Map.of("name", "gpu-less"))));
        Map<String, Object> info = RigHosts.docker(1).infoCmd().exec().getRawValues();
        assertThat(i.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(i.get("agentConnected").asBoolean()).isTrue();
        assertThat(i.get("containerInstanceArn").asString())
                .isEqualTo(clusterArn.replace(":cluster/", ":container-instance/") + "/" + i.get("ec2InstanceId").asString());
        int cpus = ((Number) info.get("NCPU")).intValue();
        long memMiB = ((Number) info.get("MemTotal")).longValue() / (1024 * 1024);
        assertThat(resource(i.get("registeredResources"), "CPU")).isEqualTo(cpus * 1024);
        assertThat(resource(i.get("registeredResources"), "MEMORY")).isEqualTo((int) memMiB);
        assertThat(resource(i.get("remainingResources"), "MEMORY")).isEqualTo((int) memMiB);
        JsonNode ports = null;
        for (JsonNode r : i.get("registeredResources")) {
            if (r.get("name").asString().equals("PORTS")) {
                ports = r.get("stringSetValue");
            }
        }
        assertThat(ports).isNotNull();
        assertThat(ports.toString()).contains("\"22\"", "\"2375\"", "\"2376\"", "\"51678\"", "\"51679\"");
        assertThat(i.get("versionInfo").get("dockerVersion").asString()).contains((String) info.get("ServerVersion"));
        assertThat(names(i.get("attributes"))).contains("ecs.os-type", "ecs.cpu-architecture", "ecs.availability-zone",
                "ecs.capability.external", "stack", "gpu-less");
        assertThat(attribute(i, "ecs.os-type")).isEqualTo("linux");
        assertThat(attribute(i, "ecs.availability-zone")).isEqualTo("zone-a");
        assertThat(attribute(i, "stack")).isEqualTo("prod");
        assertThat(attribute(i, "gantry.docker.name")).isEqualTo(info.get("Name"));
    }

    @Test
    void registersOverPlainTcpAndRefusesTheSameEngineTwice() {
        String id = register(Map.of("dockerEndpoint", RigHosts.plainTcp(2))).get("ec2InstanceId").asString();
        assertThat(instance(id).get("dockerEndpoint").asString()).isEqualTo(RigHosts.plainTcp(2));
        JsonNode conflict = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", RigHosts.unixSocket(2)), 409);
        assertThat(conflict.get("code").asString()).isEqualTo("ClientException");
        assertThat(conflict.get("detail").asString()).contains("already registered").contains(id);
        JsonNode list = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances", null, 200);
        assertThat(list.get("items")).hasSize(1);
    }

    @Test
    void registersTheMutualTlsHostWithClientCertificates() {
        JsonNode i = register(Map.of("dockerEndpoint", RigHosts.tlsTcp(), "tls", Map.of(
                "caCertificate", RigHosts.tlsFile("ca.pem"), "clientCertificate", RigHosts.tlsFile("cert.pem"),
                "clientKey", RigHosts.tlsFile("key.pem"))));
        assertThat(i.get("tls").asBoolean()).isTrue();
        assertThat(i.get("agentConnected").asBoolean()).isTrue();
        assertThat(i.toString()).doesNotContain("PRIVATE KEY");
        assertThat(attribute(i, "gantry.docker.name")).isEqualTo(RigHosts.docker(0).infoCmd().exec().getName());
        // the host loop keeps talking TLS: a task runs there
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String task = runOne(family);
        awaitRunning(task);
        assertThat(RigHosts.running(0, clusterArn)).hasSize(1);
    }

    @Test
    void tlsWithoutTheClientCertificateOrWithAnUnreachableEndpointIsRefused() {
        JsonNode noTls = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", RigHosts.tlsTcp()), 400);
        assertThat(noTls.get("code").asString()).isEqualTo("ClientException");
        JsonNode unreachable = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", "tcp://127.0.0.1:1"), 400);
        assertThat(unreachable.get("code").asString()).isEqualTo("ClientException");
        assertThat(unreachable.get("errors").get(0).get("field").asString()).isEqualTo("dockerEndpoint");
        JsonNode missingSocket = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", "unix:///tmp/gantry-rig/nope/docker.sock"), 400);
        assertThat(missingSocket.get("detail").asString()).contains("cannot be reached");
        JsonNode malformed = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", "http://10.213.0.11:2375"), 400);
        assertThat(malformed.get("code").asString()).isEqualTo("InvalidParameterException");
        JsonNode tlsOnUnix = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/container-instances",
                Map.of("dockerEndpoint", RigHosts.unixSocket(1), "tls", Map.of("caCertificate", "x",
                        "clientCertificate", "y", "clientKey", "z")), 400);
        assertThat(tlsOnUnix.get("errors").get(0).get("field").asString()).isEqualTo("tls");
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances", null, 200).get("items")).isEmpty();
    }

    @Test
    void listFiltersByTheClusterQueryLanguageAndReportsSyntaxErrorsWithTheirPosition() {
        String a = register(1, "zone-a");
        String b = register(2, "zone-b");
        JsonNode zoneA = call(HttpMethod.GET, "/v1/clusters/" + cluster
                + "/container-instances?filter=attribute:ecs.availability-zone == zone-a", null, 200);
        assertThat(zoneA.get("items")).hasSize(1);
        assertThat(zoneA.get("items").get(0).get("ec2InstanceId").asString()).isEqualTo(a);
        JsonNode notA = call(HttpMethod.GET, "/v1/clusters/" + cluster
                + "/container-instances?filter=attribute:ecs.availability-zone != zone-a", null, 200);
        assertThat(notA.get("items")).hasSize(1);
        assertThat(notA.get("items").get(0).get("ec2InstanceId").asString()).isEqualTo(b);
        JsonNode bad = call(HttpMethod.GET, "/v1/clusters/" + cluster
                + "/container-instances?filter=attribute:ecs.availability-zone == ", null, 400);
        assertThat(bad.get("code").asString()).isEqualTo("InvalidParameterException");
        assertThat(bad.toString()).contains("position 35");
        assertThat(bad.get("errors").get(0).get("field").asString()).isEqualTo("filter");
    }

    @Test
    void drainingInstanceGetsNoNewTasksAndComesBack() {
        String a = register(1);
        String b = register(2);
        JsonNode drained = call(HttpMethod.PUT, "/v1/clusters/" + cluster + "/container-instances/" + a + "/state",
                Map.of("status", "DRAINING"), 200);
        assertThat(drained.get("status").asString()).isEqualTo("DRAINING");
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        JsonNode launched = runTask(Map.of("taskDefinition", family, "count", 4));
        assertThat(launched.get("tasks")).hasSize(4);
        launched.get("tasks").forEach(t -> assertThat(t.get("containerInstanceArn").asString()).endsWith(b));
        JsonNode draining = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances?status=DRAINING", null, 200);
        assertThat(draining.get("items")).hasSize(1);
        call(HttpMethod.PUT, "/v1/clusters/" + cluster + "/container-instances/" + b + "/state", Map.of("status", "DRAINING"), 200);
        JsonNode none = runTask(Map.of("taskDefinition", family, "count", 1));
        assertThat(none.get("tasks")).isEmpty();
        assertThat(none.get("failures")).hasSize(1);
        call(HttpMethod.PUT, "/v1/clusters/" + cluster + "/container-instances/" + a + "/state", Map.of("status", "ACTIVE"), 200);
        JsonNode back = runTask(Map.of("taskDefinition", family, "count", 1, "placementStrategy",
                List.of(Map.of("type", "spread", "field", "instanceId"))));
        assertThat(back.get("tasks").get(0).get("containerInstanceArn").asString()).endsWith(a);
        launched.get("tasks").forEach(t -> awaitRunning(taskId(t)));
        awaitRunning(taskId(back.get("tasks").get(0)));
        assertThat(RigHosts.running(2, clusterArn)).hasSize(4);
        assertThat(RigHosts.running(1, clusterArn)).singleElement().satisfies(c -> assertThat(c.getLabels().get(
                RigHosts.LABEL_TASK_ARN)).isEqualTo(taskArn(taskId(back.get("tasks").get(0)))));
    }

    @Test
    void deregisterIsRefusedWhileTasksRunAndForcedLeavesTheInstanceInactive() {
        String a = register(1);
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String task = runOne(family);
        awaitRunning(task);
        JsonNode refused = call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/container-instances/" + a, null, 409);
        assertThat(refused.get("detail").asString()).contains("force=true");
        assertThat(instance(a).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(instance(a).get("runningTasksCount").asInt()).isEqualTo(1);
        JsonNode forced = call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/container-instances/" + a + "?force=true", null, 200);
        assertThat(forced.get("status").asString()).isEqualTo("INACTIVE");
        assertThat(task(task).get("desiredStatus").asString()).isEqualTo("STOPPED");
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/container-instances", null, 200).get("items")).isEmpty();
        // the engine can be registered again once the old registration is INACTIVE
        String again = register(1);
        assertThat(again).isNotEqualTo(a);
    }
}
