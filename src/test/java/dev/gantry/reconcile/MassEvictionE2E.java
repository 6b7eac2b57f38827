package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Item 4 of issue #10 on the rig, over TCP so that cutting a host's link really cuts Gantry off from it:
 * a leader cut off from most of a cluster's hosts stops none of their tasks (replica and DAEMON) and raises the
 * suspension gauge and a service event; a DAEMON task survives a disconnect shorter than the loss timeout; a host
 * that comes back with another Docker ID (reinstalled) is not adopted. Only the disposable hosts are cut.
 */
@TestPropertySource(properties = "gantry.instances.loss-timeout=10s")
class MassEvictionE2E extends E2ESupport {

    private static final Duration LOSS_TIMEOUT = Duration.ofSeconds(10);

    private String registerTcp(int host, String zone) {
        return register(Map.of("dockerEndpoint", RigHosts.plainTcp(host), "availabilityZone", zone)).get("ec2InstanceId")
                .asString();
    }

    private void createService(String name, String family, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("serviceName", name);
        body.put("taskDefinition", family);
        call(HttpMethod.POST, "/v1/clusters/" + cluster + "/services", body, 200);
    }

    private List<JsonNode> tasks(String service, String desiredStatus) {
        List<JsonNode> all = new ArrayList<>();
        call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks?serviceName=" + service + "&desiredStatus=" + desiredStatus
                + "&maxResults=100", null, 200).get("items").forEach(all::add);
        return all;
    }

    private Set<String> runningArns(String service) {
        Set<String> arns = new TreeSet<>();
        tasks(service, "RUNNING").stream().filter(t -> "RUNNING".equals(t.get("lastStatus").asString()))
                .forEach(t -> arns.add(t.get("taskArn").asString()));
        return arns;
    }

    private void awaitConnected(String instanceId, boolean connected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(instance(instanceId).get("agentConnected").asBoolean()).as("agentConnected of %s", instanceId)
                        .isEqualTo(connected));
    }

    private double suspendedGauge() {
        String needle = "gantry_eviction_suspended{";
        return text("/actuator/prometheus").lines().filter(l -> l.startsWith(needle) && l.contains("cluster=\"" + cluster + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private List<String> events(String service) {
        List<String> messages = new ArrayList<>();
        call(HttpMethod.GET, "/v1/clusters/" + cluster + "/services/" + service, null, 200).get("events")
                .forEach(e -> messages.add(e.get("message").asString()));
        return messages;
    }

    private static void assumeHost(int host) {
        assumeThat(RigHosts.answers(host)).as("rig host h%d (GANTRY_RIG_DISPOSABLE / _2) is needed", host).isTrue();
    }

    @Test
    void aLeaderCutOffFromMostHostsStopsNoneOfTheirTasks() {
        int a = RigHosts.DISPOSABLE;
        int b = RigHosts.SECOND_DISPOSABLE;
        assumeHost(a);
        assumeHost(b);
        String ia = registerTcp(a, "zone-b");
        String ib = registerTcp(b, "zone-c");
        registerTcp(1, "zone-a");
        String family = taskDefinition(List.of(container("main", 16, "exec sleep 600")));
        createService("web", family, Map.of("desiredCount", 3));
        createService("agent", family, Map.of("schedulingStrategy", "DAEMON"));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(runningArns("web")).hasSize(3);
                assertThat(runningArns("agent")).hasSize(3);
                for (int h : List.of(1, a, b)) {
                    assertThat(RigHosts.running(h, clusterArn)).as("containers on h%d", h).hasSize(2);
                }
            });
            Set<String> web = runningArns("web");
            Set<String> agent = runningArns("agent");
            try {
                RigHosts.rig("partition", a);
                RigHosts.rig("partition", b);
                awaitConnected(ia, false, Duration.ofSeconds(30));
                awaitConnected(ib, false, Duration.ofSeconds(30));
                // two of three hosts silent well past the loss timeout: nothing is declared lost, nothing replaced
                await().during(LOSS_TIMEOUT.multipliedBy(2)).atMost(LOSS_TIMEOUT.multipliedBy(3))
                        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                            assertThat(tasks("web", "STOPPED")).as("stopped web tasks").isEmpty();
                            assertThat(tasks("agent", "STOPPED")).as("stopped agent tasks").isEmpty();
                            assertThat(runningArns("web")).isEqualTo(web);
                            assertThat(runningArns("agent")).isEqualTo(agent);
                        });
                assertThat(suspendedGauge()).as("gantry_eviction_suspended of the cluster").isEqualTo(1.0);
                assertThat(events("web")).anyMatch(m -> m.contains("is not replacing tasks of unreachable container instances")
                        && m.contains("2 of 3 container instances are unreachable"));
                assertThat(RigHosts.running(a, clusterArn)).as("containers on the cut h%d", a).hasSize(2);
            } finally {
                RigHosts.rig("heal", a);
                RigHosts.rig("heal", b);
            }
            awaitConnected(ia, true, Duration.ofSeconds(30));
            awaitConnected(ib, true, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> suspendedGauge() == 0.0);
            // after the heal: the very same tasks and containers, nothing stopped, nothing doubled
            assertThat(runningArns("web")).isEqualTo(web);
            assertThat(runningArns("agent")).isEqualTo(agent);
            assertThat(tasks("web", "STOPPED")).isEmpty();
            for (int h : List.of(1, a, b)) {
                assertThat(RigHosts.running(h, clusterArn)).as("containers on h%d after the heal", h).hasSize(2);
            }
        } finally {
            RigHosts.removeCluster(a, clusterArn);
            RigHosts.removeCluster(b, clusterArn);
        }
    }

    @Test
    void aDaemonTaskSurvivesADisconnectShorterThanTheLossTimeout() {
        int a = RigHosts.DISPOSABLE;
        assumeHost(a);
        registerTcp(1, "zone-a");
        String ia = registerTcp(a, "zone-b");
        String family = taskDefinition(List.of(container("main", 16, "exec sleep 600")));
        createService("agent", family, Map.of("schedulingStrategy", "DAEMON"));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(runningArns("agent")).hasSize(2);
                assertThat(RigHosts.running(a, clusterArn)).hasSize(1);
            });
            Set<String> before = runningArns("agent");
            String container = RigHosts.running(a, clusterArn).getFirst().getId();
            try {
                RigHosts.rig("partition", a);
                awaitConnected(ia, false, Duration.ofSeconds(30));
                // a few heartbeats of disconnection, well inside the loss timeout
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(tasks("agent", "STOPPED")).isEmpty());
            } finally {
                RigHosts.rig("heal", a);
            }
            awaitConnected(ia, true, Duration.ofSeconds(30));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(runningArns("agent")).isEqualTo(before);
                        assertThat(tasks("agent", "STOPPED")).isEmpty();
                        assertThat(RigHosts.running(a, clusterArn)).extracting(c -> c.getId()).containsExactly(container);
                    });
        } finally {
            RigHosts.removeCluster(a, clusterArn);
        }
    }

    @Test
    void aHostThatComesBackWithAnotherDockerIdIsNotAdopted() {
        int a = RigHosts.DISPOSABLE;
        assumeHost(a);
        String old = registerTcp(a, "zone-a");
        String oldEngine = instance(old).get("attributes").toString();
        try {
            RigHosts.rig("reinstall", a);
            // the endpoint answers again, with a new Docker ID: the instance stays disconnected and says why
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(instance(old).path("statusReason").asString("")).contains("now reports ID", "not adopted"));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(instance(old).get("agentConnected").asBoolean()).isFalse());
            // explicit re-registration is the way back: a new container instance for the new engine
            String fresh = registerTcp(a, "zone-a");
            assertThat(fresh).isNotEqualTo(old);
            assertThat(instance(fresh).get("agentConnected").asBoolean()).isTrue();
            assertThat(instance(fresh).get("attributes").toString()).isNotEqualTo(oldEngine);
            assertThat(instance(old).get("agentConnected").asBoolean()).isFalse();
        } finally {
            RigHosts.removeCluster(a, clusterArn);
        }
    }
}
