package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.task.TaskHostUse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What tasks leave on a host goes: task volumes once the task's containers are removed, and (when enabled)
 * images no task has used for the minimum age. On shared rig host h1, so the image test works on its own tags
 * of the rig image (untagging them leaves gantry-test/busybox:1 and :2, which are also excluded, in place).
 */
class HostCleanupE2E extends E2ESupport {

    private static final List<String> RIG_IMAGES = List.of("gantry-test/busybox:1", "gantry-test/busybox:2");

    @Autowired
    HostCleanup cleanup;
    @Autowired
    ClusterLeadership leadership;
    @Autowired
    ContainerInstanceRepository instances;
    @Autowired
    InstanceDockerHosts hosts;
    @Autowired
    TaskHostUse taskUse;
    @Autowired
    Installation installation;
    @Autowired
    LeaseFence fence;

    @Test
    void aTaskVolumeIsRemovedOnceTheTaskAndItsContainersAreGone() {
        String instance = register(1);
        Map<String, Object> app = new HashMap<>(container("app", 16, "echo kept > /data/f; exec sleep 600"));
        app.put("mountPoints", List.of(Map.of("sourceVolume", "data", "containerPath", "/data")));
        String task = runOne(taskDefinition(List.of(app), Map.of("volumes",
                List.of(Map.of("name", "data", "dockerVolumeConfiguration", Map.of("scope", "task"))))));
        awaitRunning(task);
        String volume = "gantry-" + task + "-data";
        assertThat(cleanup.cleanHost(instance)).as("a running task's volume stays").doesNotContain(volume);
        stop(task);
        awaitStopped(task);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RigHosts.containers(1, clusterArn)).isEmpty());
        // what happened before: the containers went, the volume stayed on the host for good
        assertThat(RigHosts.docker(1).inspectVolumeCmd(volume).exec().getName()).isEqualTo(volume);

        assertThat(cleanup.cleanHost(instance)).contains(volume);
        assertThatThrownBy(() -> RigHosts.docker(1).inspectVolumeCmd(volume).exec()).isInstanceOf(NotFoundException.class);
    }

    /** Another installation's task ids are unknown here, so never "live": its volumes must not look like ours (item 7). */
    @Test
    void anotherInstallationsTaskVolumeStays() {
        String instance = register(1);
        String volume = unique("other-installation-volume");
        RigHosts.docker(1).createVolumeCmd().withName(volume).withLabels(Map.of(
                "gantry.task-volume", "0123456789abcdef", "gantry.installation", "another-installation")).exec();
        try {
            assertThat(cleanup.cleanHost(instance)).doesNotContain(volume);
            assertThat(RigHosts.docker(1).inspectVolumeCmd(volume).exec().getName()).isEqualTo(volume);
        } finally {
            RigHosts.docker(1).removeVolumeCmd(volume).exec();
        }
    }

    @Test
    void anImageNoTaskUsedForTheMinimumAgeIsRemovedAndOneInUseStays() {
        String instance = register(1);
        String suffix = unique("c");
        String finished = "gantry-test/cleanup-" + suffix + ":1";
        String running = "gantry-test/cleanup-" + suffix + "-live:1";
        tag(finished);
        tag(running);
        try {
            String done = runOne(taskDefinition(List.of(Map.of("name", "app", "image", finished, "memory", 16,
                    "command", List.of("sh", "-c", "exec sleep 600")))));
            String live = runOne(taskDefinition(List.of(Map.of("name", "app", "image", running, "memory", 16,
                    "command", List.of("sh", "-c", "exec sleep 600")))));
            awaitRunning(done);
            awaitRunning(live);
            stop(done);
            awaitStopped(done);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RigHosts.ofTask(1, clusterArn,
                    taskArn(done))).isEmpty());

            HostCleanup enabled = new HostCleanup(leadership, instances, hosts, taskUse,
                    new HostCleanupProperties(Duration.ofMinutes(30), true, true, Duration.ZERO, 5, RIG_IMAGES), installation, fence,
                    LoopHealth.detached());
            List<String> removed = enabled.cleanHost(instance);

            assertThat(removed).contains(finished).doesNotContain(running).doesNotContainAnyElementsOf(RIG_IMAGES);
            assertThatThrownBy(() -> RigHosts.docker(1).inspectImageCmd(finished).exec())
                    .isInstanceOf(NotFoundException.class);
            assertThat(RigHosts.docker(1).inspectImageCmd(running).exec().getId()).isNotBlank();
            RIG_IMAGES.forEach(image -> assertThat(RigHosts.docker(1).inspectImageCmd(image).exec().getId()).isNotBlank());
        } finally {
            untag(finished);
            untag(running);
        }
    }

    private static void tag(String reference) {
        int colon = reference.lastIndexOf(':');
        RigHosts.docker(1).tagImageCmd("gantry-test/busybox:1", reference.substring(0, colon),
                reference.substring(colon + 1)).exec();
    }

    /** Untags only: the rig image keeps its own tags. */
    private static void untag(String reference) {
        try {
            RigHosts.docker(1).removeImageCmd(reference).withForce(false).exec();
        } catch (RuntimeException alreadyGone) {
            // removed by the test, or still used by a container the cleanup removes
        }
    }
}
