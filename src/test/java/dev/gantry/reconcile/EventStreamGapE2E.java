package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.DockerSocketProxy;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10 item 3: a container's death reaches its service without waiting for the resync, even when the event
 * stream is down at that moment. The host is registered through {@link DockerSocketProxy}, which drops the engine's
 * event stream and refuses new ones while every other request passes (the heartbeat sees a healthy host). The
 * resync is set to ten minutes, so only the reaction to the dropped stream can find the exit in time.
 */
@TestPropertySource(properties = "gantry.reconcile.resync-interval=10m")
class EventStreamGapE2E extends E2ESupport {

    private static final Duration FAR_BELOW_THE_RESYNC = Duration.ofSeconds(45);

    @Test
    void aContainerKilledWhileTheEventStreamIsDownIsReplaced() {
        int h = RigHosts.DISPOSABLE;
        try (DockerSocketProxy proxy = DockerSocketProxy.start(h)) {
            register(Map.of("dockerEndpoint", proxy.endpoint(), "availabilityZone", "zone-a"));
            String family = taskDefinition(List.of(container("main", 16, "sleep 3600")));
            call(HttpMethod.POST, "/v1/clusters/" + cluster + "/services",
                    Map.of("serviceName", "web", "taskDefinition", family, "desiredCount", 1), 200);
            String first = awaitServiceTasksRunning(1).getFirst();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.openEventStreams() > 0);

            proxy.cutEventStreams(true);
            String containerId = RigHosts.ofTask(h, clusterArn, taskArn(first)).getFirst().getId();
            RigHosts.docker(h).killContainerCmd(containerId).exec();

            JsonNode stopped = awaitStatus(first, "STOPPED", FAR_BELOW_THE_RESYNC);
            assertThat(stopped.get("stopCode").asString()).isEqualTo("EssentialContainerExited");
            List<String> now = awaitServiceTasksRunning(1);
            assertThat(now).doesNotContain(first);

            proxy.allowEventStreams();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.openEventStreams() > 0);
        }
    }

    private List<String> awaitServiceTasksRunning(int count) {
        List<String> ids = new ArrayList<>();
        await().atMost(FAR_BELOW_THE_RESYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ids.clear();
            JsonNode page = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks?serviceName=web", null, 200);
            for (JsonNode t : page.get("items")) {
                if ("RUNNING".equals(t.get("lastStatus").asString())) {
                    ids.add(taskId(t));
                }
            }
            assertThat(ids).as("RUNNING tasks of the service").hasSize(count);
        });
        return ids;
    }
}
