package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tasks that end or never start: essential exit, OOM kill, pull failure, and RunTask failures[]. */
class TaskFailureE2E extends E2ESupport {

    @Test
    void anEssentialContainerExitingStopsTheWholeTask() {
        register(1);
        String task = runOne(taskDefinition(List.of(
                container("main", 16, "sleep 2; exit 3"),
                Map.of("name", "side", "image", IMAGE, "memory", 16, "essential", false, "command", List.of("sleep", "300")))));
        awaitRunning(task);
        JsonNode stopped = awaitStopped(task);
        assertThat(stopped.get("stopCode").asString()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.get("stoppedReason").asString()).startsWith("Essential container in task exited");
        assertThat(container(stopped, "main").get("exitCode").asInt()).isEqualTo(3);
        assertThat(container(stopped, "side").get("lastStatus").asString()).isEqualTo("STOPPED");
        assertThat(RigHosts.running(1, clusterArn)).isEmpty();
    }

    @Test
    void aNonEssentialContainerExitingLeavesTheTaskRunning() {
        register(1);
        String task = runOne(taskDefinition(List.of(container("main", 16, "exec sleep 300"),
                Map.of("name", "once", "image", IMAGE, "memory", 16, "essential", false, "command", List.of("sh", "-c", "exit 0")))));
        awaitRunning(task);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(container(task(task), "once").get("lastStatus").asString()).isEqualTo("STOPPED"));
        JsonNode t = task(task);
        assertThat(t.get("lastStatus").asString()).isEqualTo("RUNNING");
        assertThat(container(t, "once").get("exitCode").asInt()).isZero();
        assertThat(RigHosts.running(1, clusterArn)).hasSize(1);
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilledAndTheTaskStops() {
        register(1);
        // dd (the container's main process) fills a 64 MiB buffer; the limit is 16 MiB and the rig has no swap
        String task = runOne(taskDefinition(List.of(container("main", 16,
                "sleep 1; exec dd if=/dev/zero of=/dev/null bs=64M"))));
        JsonNode stopped = awaitStatus(task, "STOPPED", Duration.ofSeconds(40));
        assertThat(stopped.get("stopCode").asString()).isEqualTo("EssentialContainerExited");
        JsonNode main = container(stopped, "main");
        assertThat(main.get("reason").asString()).startsWith("OutOfMemoryError");
        assertThat(main.get("exitCode").asInt()).isEqualTo(137);
        var containers = RigHosts.ofTask(1, clusterArn, taskArn(task));
        if (!containers.isEmpty()) { // may already be removed after the removal delay
            assertThat(RigHosts.docker(1).inspectContainerCmd(containers.getFirst().getId()).exec().getState().getOOMKilled()).isTrue();
        }
    }

    @Test
    void anImageThatCannotBePulledFailsTheTaskToStart() {
        register(1);
        String task = runOne(taskDefinition(List.of(Map.of("name", "main", "image", "gantry-test/not-there:" + unique("v"),
                "memory", 16, "command", List.of("sleep", "300")))));
        JsonNode stopped = awaitStopped(task);
        assertThat(stopped.get("stopCode").asString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.get("stoppedReason").asString()).startsWith("CannotPullContainerError");
        assertThat(RigHosts.containers(1, clusterArn)).isEmpty();
    }

    @Test
    void moreMemoryThanAnyHostHasIsAResourceMemoryFailure() {
        String a = register(1);
        String b = register(2);
        int most = Math.max(resource(instance(a).get("registeredResources"), "MEMORY"),
                resource(instance(b).get("registeredResources"), "MEMORY"));
        String family = taskDefinition(List.of(container("main", most + 1, "sleep 300")));
        JsonNode launched = runTask(Map.of("taskDefinition", family, "count", 2));
        assertThat(launched.get("tasks")).isEmpty();
        assertThat(launched.get("failures")).hasSize(2);
        launched.get("failures").forEach(f -> assertThat(f.get("reason").asString()).isEqualTo("RESOURCE:MEMORY"));
        assertThat(RigHosts.containers(1, clusterArn)).isEmpty();
        assertThat(RigHosts.containers(2, clusterArn)).isEmpty();
    }

    @Test
    void aStaticPortAlreadyHeldIsAResourcePortsFailureWhileOthersArePlaced() {
        register(1);
        int port = freePort();
        String family = taskDefinition(List.of(Map.of("name", "web", "image", IMAGE, "memory", 16,
                "command", List.of("sh", "-c", "exec httpd -f -p 80 -h /www"),
                "portMappings", List.of(Map.of("containerPort", 80, "hostPort", port)))));
        JsonNode launched = runTask(Map.of("taskDefinition", family, "count", 2));
        assertThat(launched.get("tasks")).hasSize(1);
        assertThat(launched.get("failures")).hasSize(1);
        assertThat(launched.get("failures").get(0).get("reason").asString()).isEqualTo("RESOURCE:PORTS");
        awaitRunning(taskId(launched.get("tasks").get(0)));
        JsonNode again = runTask(Map.of("taskDefinition", family));
        assertThat(again.get("tasks")).isEmpty();
        assertThat(again.get("failures").get(0).get("reason").asString()).isEqualTo("RESOURCE:PORTS");
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(1);
    }

    @Test
    void runTaskOnAClusterWithoutInstancesIsAnInvalidParameter() {
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        JsonNode error = call(org.springframework.http.HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks",
                Map.of("taskDefinition", family), 400);
        assertThat(error.get("code").asString()).isEqualTo("InvalidParameterException");
        assertThat(error.get("detail").asString()).contains("No Container Instances were found in your cluster.");
    }
}
