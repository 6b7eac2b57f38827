package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import dev.gantry.StallingRegistry;
import dev.gantry.TestCredentials;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10 item 3: a host busy with long operations is not a dead host. On the disposable rig host, a registry that
 * does not answer (see {@link StallingRegistry}) makes every pull hang inside the engine, and readers follow a task's
 * logs; the host must stay connected and keep its running task, and the hanging pulls must end their tasks as
 * CannotPullContainerError (TaskFailedToStart), not be retried for ever as an unreachable engine.
 */
class BusyHostLivenessE2E extends E2ESupport {

    /** More than the it profile's heartbeat-failures × heartbeat-interval + loss-timeout (2 × 1 s + 6 s). */
    private static final Duration LONGER_THAN_A_LOSS = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Test
    void aHostBusyWithHangingPullsAndFollowedLogsStaysConnectedAndKeepsItsTasks() {
        int h = RigHosts.DISPOSABLE;
        // not closed but shut down: close() would wait for the followed streams
        HttpClient readers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (StallingRegistry registry = StallingRegistry.start(h)) {
            String instance = register(h);
            String healthy = runOne(taskDefinition(List.of(container("main", 16, "echo up; sleep 3600"))));
            awaitRunning(healthy);
            List<CompletableFuture<HttpResponse<InputStream>>> follows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                follows.add(readers.sendAsync(TestCredentials.request(URI.create("http://127.0.0.1:" + port + "/v1/clusters/"
                        + cluster + "/tasks/" + healthy + "/containers/main/logs?follow=true")).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            String stalling = taskDefinition(List.of(Map.of("name", "main", "image", registry.image("stall"), "memory", 6)));
            List<String> pulling = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pulling.addAll(run(stalling, 10));
            }

            await().during(LONGER_THAN_A_LOSS).atMost(LONGER_THAN_A_LOSS.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(instance(instance).get("agentConnected").asBoolean()).as("agent of the busy host connected")
                                .isTrue();
                        JsonNode kept = task(healthy);
                        assertThat(kept.get("desiredStatus").asString()).as("the running task on the busy host: %s", kept)
                                .isEqualTo("RUNNING");
                    });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String id : pulling) {
                    JsonNode t = task(id);
                    assertThat(t.get("lastStatus").asString()).as("task %s", t).isEqualTo("STOPPED");
                    assertThat(t.get("stopCode").asString()).isEqualTo("TaskFailedToStart");
                    assertThat(t.get("stoppedReason").asString()).startsWith("CannotPullContainerError: ");
                }
            });
            follows.forEach(f -> f.cancel(true));
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void pullsFromARegistryThatDoesNotAnswerOrRefusesStopTheirTasksAsCannotPullContainerError() {
        int h = RigHosts.DISPOSABLE;
        try (StallingRegistry registry = StallingRegistry.start(h)) {
            register(h);
            Map<String, String> images = Map.of(
                    "does not answer", registry.image("silent"),
                    // a rig address nobody holds: the bridge has no such neighbour
                    "no route", "10.213.0.250:5000/x:1",
                    "refused", "127.0.0.1:1/x:1");
            Map<String, String> taskByCase = new java.util.HashMap<>();
            images.forEach((name, image) -> taskByCase.put(name,
                    runOne(taskDefinition(List.of(Map.of("name", "main", "image", image, "memory", 6))))));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    taskByCase.forEach((name, id) -> {
                        JsonNode t = task(id);
                        assertThat(t.get("lastStatus").asString()).as("%s: %s", name, t).isEqualTo("STOPPED");
                        assertThat(t.get("stopCode").asString()).as(name).isEqualTo("TaskFailedToStart");
                        assertThat(t.get("stoppedReason").asString()).as(name).startsWith("CannotPullContainerError: ")
                                .doesNotContain("engine unreachable");
                    }));
        }
    }
}
