package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Tasks that run: ports that serve pages, siblings by name, dependsOn HEALTHY, health status, stop, logs. */
class TaskRunE2E extends E2ESupport {

    private static final HttpClient WEB = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Map<String, Object> httpd(String page, int hostPort) {
        return Map.of("name", "web", "image", IMAGE, "memory", 32,
                "command", List.of("sh", "-c", "echo " + page + " > /www/index.html; exec httpd -f -p 80 -h /www"),
                "portMappings", List.of(Map.of("containerPort", 80, "hostPort", hostPort)));
    }

    private static String fetch(int host, int port) {
        String url = "http://" + RigHosts.address(host) + ":" + port + "/";
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(
                () -> WEB.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        try {
            return WEB.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError("GET " + url, e);
        }
    }

    @Test
    void staticPortServesAPageHoldsThePortAndMemoryAndStopReleasesThem() {
        String instance = register(1);
        int memoryBefore = resource(instance(instance).get("remainingResources"), "MEMORY");
        int port = freePort();
        String page = unique("static");
        String task = runOne(taskDefinition(List.of(httpd(page, port))));
        JsonNode running = awaitRunning(task);
        assertThat(hostPort(running, "web", 80)).isEqualTo(port);
        assertThat(fetch(1, port)).contains(page);
        JsonNode i = instance(instance);
        assertThat(resource(i.get("remainingResources"), "MEMORY")).isEqualTo(memoryBefore - 32);
        assertThat(i.get("remainingResources").toString()).contains("\"" + port + "\"");
        assertThat(i.get("runningTasksCount").asInt()).isEqualTo(1);
        assertThat(RigHosts.running(1, clusterArn)).hasSize(1);

        JsonNode stopping = stop(task);
        assertThat(stopping.get("desiredStatus").asString()).isEqualTo("STOPPED");
        JsonNode stopped = awaitStopped(task);
        assertThat(stopped.get("stopCode").asString()).isEqualTo("UserInitiated");
        assertThat(stopped.get("stoppedReason").asString()).isEqualTo("test");
        assertThat(RigHosts.running(1, clusterArn)).isEmpty();
        JsonNode after = instance(instance);
        assertThat(resource(after.get("remainingResources"), "MEMORY")).isEqualTo(memoryBefore);
        assertThat(after.get("remainingResources").toString()).doesNotContain("\"" + port + "\"");
        // the exited container is removed after the removal delay
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(RigHosts.containers(1, clusterArn)).isEmpty());
    }

    @Test
    void dynamicPortsAreReportedAndServeEachTask() {
        register(1);
        String family = taskDefinition(List.of(httpd("dynamic", 0)));
        List<String> tasks = run(family, 2);
        int p1 = hostPort(awaitRunning(tasks.get(0)), "web", 80);
        int p2 = hostPort(awaitRunning(tasks.get(1)), "web", 80);
        assertThat(p1).isPositive().isNotEqualTo(p2);
        assertThat(fetch(1, p1)).contains("dynamic");
        assertThat(fetch(1, p2)).contains("dynamic");
        var direct = RigHosts.ofTask(1, clusterArn, taskArn(tasks.get(0))).getFirst();
        assertThat(direct.getPorts()).anySatisfy(p -> assertThat(p.getPublicPort()).isEqualTo(p1));
    }

    @Test
    void aContainerReachesItsSiblingByName() {
        register(1);
        String family = taskDefinition(List.of(httpd("sibling-page", 0),
                Map.of("name", "client", "image", IMAGE, "memory", 16, "essential", false, "command", List.of("sh", "-c",
                        "for i in $(seq 1 40); do wget -q -O - http://web/ && break; sleep 0.5; done; sleep 300"))));
        String task = runOne(family);
        awaitRunning(task);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(text("/v1/clusters/" + cluster + "/tasks/" + task
                + "/containers/client/logs")).contains("sibling-page"));
    }

    @Test
    void dependsOnHealthyStartsTheDependentOnlyOnceTheDependencyIsHealthy() {
        register(1);
        Map<String, Object> db = Map.of("name", "db", "image", IMAGE, "memory", 16,
                "command", List.of("sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300"),
                "healthCheck", Map.of("command", List.of("CMD-SHELL", "test -f /tmp/ready"), "interval", 5, "timeout", 2, "retries", 1));
        // not essential, so the task's health is the db's alone (a check-less essential container keeps it UNKNOWN)
        Map<String, Object> app = Map.of("name", "app", "image", IMAGE, "memory", 16, "command", List.of("sleep", "300"),
                "essential", false,
                "dependsOn", List.of(Map.of("containerName", "db", "condition", "HEALTHY")));
        String task = runOne(taskDefinition(List.of(app, db)));
        JsonNode running = awaitStatus(task, "RUNNING", Duration.ofSeconds(40));
        assertThat(container(running, "db").get("lastStatus").asString()).isEqualTo("RUNNING");

        InspectContainerResponse dbState = RigHosts.docker(1).inspectContainerCmd("gantry-" + task + "-db").exec();
        InspectContainerResponse appState = RigHosts.docker(1).inspectContainerCmd("gantry-" + task + "-app").exec();
        Instant firstHealthy = dbState.getState().getHealth().getLog().stream()
                .filter(l -> l.getExitCodeLong() != null && l.getExitCodeLong() == 0).map(HealthStateLog::getStart)
                .map(Instant::parse).min(Instant::compareTo).orElseThrow();
        assertThat(Instant.parse(appState.getState().getStartedAt())).isAfter(firstHealthy);
        assertThat(Instant.parse(dbState.getState().getStartedAt())).isBefore(firstHealthy);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode t = task(task);
            assertThat(container(t, "db").get("healthStatus").asString()).isEqualTo("HEALTHY");
            assertThat(t.get("healthStatus").asString()).isEqualTo("HEALTHY");
        });
    }

    @Test
    void aFailingHealthCheckMakesTheTaskUnhealthy() {
        register(1);
        String task = runOne(taskDefinition(List.of(Map.of("name", "main", "image", IMAGE, "memory", 16,
                "command", List.of("sleep", "300"),
                "healthCheck", Map.of("command", List.of("CMD-SHELL", "exit 1"), "interval", 5, "timeout", 2, "retries", 1)))));
        JsonNode running = awaitRunning(task);
        assertThat(running.get("healthStatus").asString()).isEqualTo("UNKNOWN");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode t = task(task);
            assertThat(container(t, "main").get("healthStatus").asString()).isEqualTo("UNHEALTHY");
            assertThat(t.get("healthStatus").asString()).isEqualTo("UNHEALTHY");
        });
        assertThat(RigHosts.docker(1).inspectContainerCmd("gantry-" + task + "-main").exec().getState().getHealth().getStatus())
                .isEqualTo("unhealthy");
    }

    @Test
    void logsAreTheContainersOutputWithTail() {
        register(1);
        String task = runOne(taskDefinition(List.of(container("main", 16,
                "echo to-stderr >&2; sleep 1; for i in 1 2 3 4 5; do echo line-$i; done; exec sleep 300"))));
        awaitRunning(task);
        String base = "/v1/clusters/" + cluster + "/tasks/" + task + "/containers/main/logs";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text(base)).contains("line-1", "line-5", "to-stderr"));
        String tail = text(base + "?tail=2");
        assertThat(tail).doesNotContain("line-1", "to-stderr").contains("line-4", "line-5");
        assertThat(tail.lines().count()).isEqualTo(2);
        JsonNode noSuchContainer = call(HttpMethod.GET, base.replace("/main/", "/nope/"), null, 404);
        assertThat(noSuchContainer.get("code").asString()).isEqualTo("InvalidParameterException");
        call(HttpMethod.GET, base + "?tail=-1", null, 400);
    }
}
