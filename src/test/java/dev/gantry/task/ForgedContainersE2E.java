package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import dev.gantry.reconcile.Installation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Containers on h1 whose labels claim this installation but contradict themselves or the database are security
 * events (gantry_security_events_total{kind}) and are left alone, well past the unknown-container grace (8 s in
 * the "it" profile): one that copies a live task's labels under another name (it must not pose as that task's
 * container either), and one of an unknown task created after the newest task the database knows (what a database
 * restored from a backup sees of the containers started after the backup).
 */
class ForgedContainersE2E extends E2ESupport {

    @Autowired
    Installation installation;

    @Autowired
    MeterRegistry meters;

    @Test
    void contradictoryLabelsAreASecurityEventAndTheContainersAreLeftAlone() {
        register(1);
        String task = runOne(taskDefinition(List.of(container("main", 16, "exec sleep 600"))));
        String runtimeId = container(awaitRunning(task), "main").get("runtimeId").asString();
        DockerClient docker = RigHosts.docker(1);
        double nameMismatches = count("name_mismatch");
        double ahead = count("ahead_of_database");
        String copy = start(docker, "copy-" + unique("x"), Map.of(RigHosts.LABEL_CLUSTER, clusterArn,
                RigHosts.LABEL_TASK_ARN, taskArn(task), "gantry.container-name", "main", "gantry.installation", installation.id()));
        String future = UUID.randomUUID().toString().replace("-", "");
        String newer = start(docker, "gantry-" + future + "-main", Map.of(RigHosts.LABEL_CLUSTER, clusterArn,
                RigHosts.LABEL_TASK_ARN, taskArn(future), "gantry.container-name", "main", "gantry.installation", installation.id(),
                "gantry.task-created-at", Instant.now().plus(Duration.ofHours(1)).toString()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> count("name_mismatch") > nameMismatches && count("ahead_of_database") > ahead);
            // three grace periods and more: still there, still running, and the task still has its own container
            await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(40)).until(() ->
                    running(docker, copy) && running(docker, newer));
            JsonNode t = task(task);
            assertThat(t.get("lastStatus").asString()).isEqualTo("RUNNING");
            assertThat(container(t, "main").get("runtimeId").asString()).isEqualTo(runtimeId);
            assertThat(count("name_mismatch")).as("reported once, not every pass").isEqualTo(nameMismatches + 1);
        } finally {
            for (String c : List.of(copy, newer)) {
                docker.removeContainerCmd(c).withForce(true).exec();
            }
        }
    }

    private double count(String kind) {
        var counter = meters.find("gantry.security.events").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static boolean running(DockerClient docker, String id) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning());
    }

    private static String start(DockerClient docker, String name, Map<String, String> labels) {
        String id = docker.createContainerCmd(IMAGE).withCmd("sleep", "600").withName(name).withLabels(labels).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }
}
