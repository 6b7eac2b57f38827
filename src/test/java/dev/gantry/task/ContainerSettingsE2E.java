package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.command.InspectContainerResponse.Mount;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Every container setting Gantry accepts reaches the engine: the test registers a task definition with the
 * settings ECS passes straight to Docker, runs it on rig host h1 and inspects the real containers. Before the
 * fix the definition was accepted and echoed, and CapDrop, SecurityOpt, PidMode, LogConfig... were empty.
 */
class ContainerSettingsE2E extends E2ESupport {

    private static final String SLEEP = "exec sleep 600";

    @Test
    void everyAcceptedSettingIsAppliedToTheContainer() {
        register(1);
        Map<String, Object> app = new java.util.HashMap<>(container("app", 48, SLEEP));
        app.put("linuxParameters", Map.of(
                "capabilities", Map.of("add", List.of("NET_ADMIN"), "drop", List.of("MKNOD", "NET_RAW")),
                "initProcessEnabled", true, "sharedMemorySize", 16,
                "tmpfs", List.of(Map.of("containerPath", "/scratch", "size", 8, "mountOptions", List.of("noexec"))),
                "maxSwap", 0, "swappiness", 10));
        app.put("dockerSecurityOptions", List.of("no-new-privileges"));
        app.put("logConfiguration", Map.of("logDriver", "json-file", "options", Map.of("max-size", "1m", "max-file", "2")));
        app.put("dnsServers", List.of("10.213.0.1"));
        app.put("dnsSearchDomains", List.of("rig.internal"));
        app.put("extraHosts", List.of(Map.of("hostname", "db.internal", "ipAddress", "10.0.0.5")));
        app.put("interactive", true);
        app.put("pseudoTerminal", true);
        app.put("mountPoints", List.of(Map.of("sourceVolume", "cache", "containerPath", "/cache")));
        Map<String, Object> side = new java.util.HashMap<>(container("side", 16, SLEEP));
        side.put("volumesFrom", List.of(Map.of("sourceContainer", "app", "readOnly", true)));
        side.put("links", List.of("app:backend"));
        side.put("essential", false);
        String family = taskDefinition(List.of(app, side), Map.of("pidMode", "host", "ipcMode", "none",
                "volumes", List.of(Map.of("name", "cache", "dockerVolumeConfiguration", Map.of("scope", "task",
                        "driver", "local", "driverOpts", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=8m"),
                        "labels", Map.of("team", "core"))))));
        String task = runOne(family);
        awaitRunning(task);

        InspectContainerResponse a = inspect(task, "app");
        HostConfig host = a.getHostConfig();
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(host.getCapDrop()).containsExactlyInAnyOrder(Capability.MKNOD, Capability.NET_RAW);
        // Docker adds label=disable itself to a container in the host PID namespace
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getPidMode()).isEqualTo("host");
        assertThat(host.getIpcMode()).isEqualTo("none");
        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "1m").containsEntry("max-file", "2");
        assertThat(host.getDns()).containsExactly("10.213.0.1");
        assertThat(host.getDnsSearch()).containsExactly("rig.internal");
        assertThat(host.getExtraHosts()).containsExactly("db.internal:10.0.0.5");
        assertThat(host.getInit()).isTrue();
        assertThat(host.getShmSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(host.getTmpFs()).containsEntry("/scratch", "size=8m,noexec");
        assertThat(host.getMemorySwap()).as("maxSwap 0: swap limit equals the memory limit").isEqualTo(host.getMemory());
        assertThat(host.getMemorySwappiness()).isEqualTo(10L);
        assertThat(a.getConfig().getTty()).isTrue();
        assertThat(a.getConfig().getStdinOpen()).isTrue();

        String volumeName = "gantry-" + task + "-cache";
        assertThat(a.getMounts()).extracting(Mount::getName).contains(volumeName);
        InspectVolumeResponse volume = RigHosts.docker(1).inspectVolumeCmd(volumeName).exec();
        assertThat(volume.getDriver()).isEqualTo("local");
        assertThat(volume.getOptions()).containsEntry("type", "tmpfs").containsEntry("o", "size=8m");
        assertThat(volume.getLabels()).containsEntry("team", "core").containsEntry("gantry.task-volume", task);

        InspectContainerResponse s = inspect(task, "side");
        assertThat(s.getHostConfig().getVolumesFrom()).hasSize(1);
        assertThat(s.getHostConfig().getVolumesFrom()[0].toString()).contains("gantry-" + task + "-app").contains("ro");
        // on a user-defined network (the task's own), Docker keeps links on the network endpoint
        assertThat(s.getNetworkSettings().getNetworks().get("gantry-" + task).getLinks())
                .extracting(com.github.dockerjava.api.model.Link::getAlias).containsExactly("backend");
        assertThat(s.getMounts()).extracting(Mount::getName).contains(volumeName);
    }

    @Test
    void disableNetworkingLeavesTheContainerWithoutANetwork() {
        register(1);
        Map<String, Object> isolated = new java.util.HashMap<>(container("isolated", 16, SLEEP));
        isolated.put("disableNetworking", true);
        String task = runOne(taskDefinition(List.of(isolated)));
        awaitRunning(task);
        InspectContainerResponse c = inspect(task, "isolated");
        assertThat(c.getConfig().getNetworkDisabled()).isTrue();
    }

    @Test
    void aSharedVolumeWithoutAutoprovisionMustExistAndWithItIsCreatedWithItsDriverOptions() {
        register(1);
        String name = unique("shared");
        Map<String, Object> app = new java.util.HashMap<>(container("app", 16, SLEEP));
        app.put("mountPoints", List.of(Map.of("sourceVolume", name, "containerPath", "/shared")));
        String missing = runOne(taskDefinition(List.of(app), Map.of("volumes", List.of(Map.of("name", name,
                "dockerVolumeConfiguration", Map.of("scope", "shared", "autoprovision", false))))));
        var stopped = awaitStopped(missing);
        assertThat(stopped.get("stoppedReason").asString()).contains(name).contains("autoprovision is false");
        assertThat(RigHosts.docker(1).listVolumesCmd().exec().getVolumes())
                .noneMatch(v -> v.getName().equals(name));

        String provisioned = runOne(taskDefinition(List.of(app), Map.of("volumes", List.of(Map.of("name", name,
                "dockerVolumeConfiguration", Map.of("scope", "shared", "autoprovision", true,
                        "labels", Map.of("team", "core")))))));
        try {
            awaitRunning(provisioned);
            assertThat(RigHosts.docker(1).inspectVolumeCmd(name).exec().getLabels()).containsEntry("team", "core")
                    .doesNotContainKey("gantry.task-volume");
        } finally {
            stop(provisioned);
            awaitStopped(provisioned);
            RigHosts.removeCluster(1, clusterArn);
            try {
                RigHosts.docker(1).removeVolumeCmd(name).exec();
            } catch (RuntimeException ignored) {
                // not created
            }
        }
    }

    @Test
    void settingsGantryCannotApplyAreRefusedAtRegistrationNamingTheField() {
        var body = Map.of("family", unique("f"), "pidMode", "task", "containerDefinitions", List.of(
                Map.of("name", "a", "image", IMAGE, "memory", 16, "stopTimeout", 300,
                        "linuxParameters", Map.of("capabilities", Map.of("drop", List.of("CAP_CHOWN"))))));
        String problem = call(HttpMethod.POST, "/v1/task-definitions", body, 400).toString();
        assertThat(problem).contains("pidMode").contains("containerDefinitions[0].stopTimeout")
                .contains("containerDefinitions[0].linuxParameters.capabilities.drop[0]");
    }

    private InspectContainerResponse inspect(String task, String container) {
        return RigHosts.docker(1).inspectContainerCmd("gantry-" + task + "-" + container).exec();
    }
}
