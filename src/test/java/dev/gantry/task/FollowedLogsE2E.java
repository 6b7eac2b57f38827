package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import dev.gantry.TestCredentials;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 10 item 3: a followed log stream holds an engine connection, so their number per host and their length are
 * bounded (it profile: 3 per host, 8 s), and a stream whose reader goes away gives its place back.
 */
class FollowedLogsE2E extends E2ESupport {

    /** application-it.yml gantry.docker.log-follows-per-host */
    private static final int FOLLOWS_PER_HOST = 3;

    @LocalServerPort
    int port;

    @Test
    void followedStreamsAreBoundedPerHostAndGiveTheirPlaceBackWhenTheReaderGoesAway() throws Exception {
        register(1);
        String id = runOne(taskDefinition(List.of(container("main", 16, "while true; do echo tick; sleep 0.2; done"))));
        awaitRunning(id);
        URI follow = logs(id, true);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            List<InputStream> readers = new ArrayList<>();
            for (int i = 0; i < FOLLOWS_PER_HOST; i++) {
                HttpResponse<InputStream> r = http.send(TestCredentials.request(follow).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).as("follower %d", i).isEqualTo(200);
                assertThat(new String(r.body().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("tick");
                readers.add(r.body());
            }

            HttpResponse<String> refused = http.send(TestCredentials.request(follow).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("ThrottlingException").contains("follow");
            assertThat(text("/v1/clusters/" + cluster + "/tasks/" + id + "/containers/main/logs?tail=1"))
                    .as("reading without follow is not limited").isEqualTo("tick\n");

            for (InputStream reader : readers) {
                reader.close();
            }
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                HttpResponse<InputStream> again = http.send(TestCredentials.request(follow).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try {
                    assertThat(again.statusCode()).as("a follower after the readers went away").isEqualTo(200);
                } finally {
                    again.body().close();
                }
            });
        } finally {
            http.shutdownNow();
        }
    }

    @Test
    void aFollowedStreamEndsAfterTheLongestFollowWhileItsContainerRunsOn() throws Exception {
        register(1);
        String id = runOne(taskDefinition(List.of(container("main", 16, "echo started; sleep 3600"))));
        awaitRunning(id);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<String> r = http.send(TestCredentials.request(logs(id, true)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("started\n")
                    .contains("[gantry] log stream ended: followed for the longest allowed (8 s); ask again with since");
            assertThat(task(id).get("lastStatus").asString()).isEqualTo("RUNNING");
        } finally {
            http.shutdownNow();
        }
    }

    private URI logs(String taskId, boolean follow) {
        return URI.create("http://127.0.0.1:" + port + "/v1/clusters/" + cluster + "/tasks/" + taskId
                + "/containers/main/logs?follow=" + follow);
    }
}
