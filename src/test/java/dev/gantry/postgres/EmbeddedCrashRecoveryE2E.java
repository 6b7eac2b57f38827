package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryProcess;
import dev.gantry.RigHosts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default after {@code kill -9} of the Gantry JVM (what the OOM killer does): started again at once
 * with the README command ({@code java -jar}, nothing configured) in the same directory, Gantry comes up on the
 * same data, every write it acknowledged before the kill is there, and the container of a task running on rig
 * host h1 is the same container (same id, never restarted).
 */
class EmbeddedCrashRecoveryE2E {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    private final List<GantryProcess> started = new ArrayList<>();
    private String clusterArn;

    @AfterEach
    void cleanUp() {
        started.forEach(GantryProcess::close);
        if (clusterArn != null) {
            RigHosts.removeCluster(1, clusterArn);
        }
        // a failed run must not leave a server behind on the rig machine
        LeftoverPostmaster.endOn(work.resolve("data"), Duration.ofSeconds(30));
    }

    private GantryProcess start() {
        GantryProcess gantry = GantryProcess.start(work, Map.of());
        started.add(gantry);
        return gantry.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void killNineThenStartAgainAtOnceKeepsEveryAcknowledgedWriteAndTheRunningContainers() throws Exception {
        RigHosts.directory();
        GantryProcess first = start();
        String cluster = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        clusterArn = call(first, "POST", "/v1/clusters", "{\"clusterName\":\"" + cluster + "\"}", 200).get("clusterArn").asString();
        call(first, "POST", "/v1/clusters/" + cluster + "/container-instances",
                "{\"dockerEndpoint\":\"" + RigHosts.unixSocket(1) + "\"}", 200);
        call(first, "POST", "/v1/task-definitions", """
                {"family": "%s-sleeper", "containerDefinitions": [{"name": "s", "image": "gantry-test/busybox:1",
                 "memory": 16, "command": ["sleep", "3600"]}]}""".formatted(cluster), 200);
        String taskId = taskId(call(first, "POST", "/v1/clusters/" + cluster + "/tasks",
                "{\"taskDefinition\":\"" + cluster + "-sleeper\"}", 200).get("tasks").get(0));
        String containerId = awaitRunningContainer(first, cluster, taskId);

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<?>> burst = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = cluster + "-w" + i;
                burst.add(clients.submit(() -> {
                    if (status(first, "POST", "/v1/clusters", "{\"clusterName\":\"" + name + "\"}") == 200) {
                        acknowledged.add("/v1/clusters/" + name);
                    }
                    if (status(first, "POST", "/v1/task-definitions", """
                            {"family": "%s", "containerDefinitions": [{"name": "a", "image": "gantry-test/busybox:1", "memory": 8}]}"""
                            .formatted(name)) == 200) {
                        acknowledged.add("/v1/task-definitions/" + name + ":1");
                    }
                }));
            }
            for (Future<?> f : burst) {
                f.get();
            }
        }
        first.kill9();
        assertThat(acknowledged).hasSize(120);

        GantryProcess second = start();
        for (String path : acknowledged) {
            assertThat(status(second, "GET", path, null)).as("acknowledged before kill -9: %s", path).isEqualTo(200);
        }
        // the new process takes the cluster's lease once the dead one's lapses, then resyncs h1: the container stays
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Files.readString(second.logFile())).contains("Took the lease of cluster"));
        // and keeps it: through the new leader's first passes the task stays RUNNING on the same, never restarted container
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode task = call(second, "GET", "/v1/clusters/" + cluster + "/tasks/" + taskId, null, 200);
                    assertThat(task.get("lastStatus").asString()).isEqualTo("RUNNING");
                    assertThat(task.get("containers").get(0).get("runtimeId").asString()).isEqualTo(containerId);
                    var inspected = RigHosts.docker(1).inspectContainerCmd(containerId).exec();
                    assertThat(inspected.getState().getRunning()).as("container %s still running", containerId).isTrue();
                    assertThat(inspected.getRestartCount()).isZero();
                });
        call(second, "POST", "/v1/clusters/" + cluster + "/tasks/" + taskId + "/stop", "{\"reason\":\"test done\"}", 200);
    }

    private static String awaitRunningContainer(GantryProcess gantry, String cluster, String taskId) {
        List<String> id = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode task = call(gantry, "GET", "/v1/clusters/" + cluster + "/tasks/" + taskId, null, 200);
            assertThat(task.get("lastStatus").asString()).isEqualTo("RUNNING");
            id.add(task.get("containers").get(0).get("runtimeId").asString());
        });
        return id.getLast();
    }

    private static String taskId(JsonNode task) {
        String arn = task.get("taskArn").asString();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    static JsonNode call(GantryProcess gantry, String method, String path, String body, int expected) {
        HttpResponse<String> response = send(gantry, method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    static int status(GantryProcess gantry, String method, String path, String body) {
        return send(gantry, method, path, body).statusCode();
    }

    private static HttpResponse<String> send(GantryProcess gantry, String method, String path, String body) {
        HttpRequest.Builder request = gantry.request(path).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
