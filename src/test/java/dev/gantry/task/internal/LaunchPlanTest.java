package dev.gantry.task.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.docker.ContainerSpec;
import dev.gantry.task.ContainerSpecs;
import dev.gantry.task.LaunchPlan;
import dev.gantry.task.TaskOverride;
import dev.gantry.taskdef.PortMapping.Protocol;
import dev.gantry.taskdef.TaskDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LaunchPlanTest {

    // the test documents carry no database id (TaskDefinition.id is not part of the JSON)
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** A registered revision as the typed model (what the taskdef module reads from its stored document). */
    private static TaskDefinition definition(String json) {
        return JSON.readValue(json, TaskDefinition.class);
    }

    private static final TaskDefinition TWO_CONTAINERS = definition("""
            {"family": "web", "revision": 3, "networkMode": "bridge",
             "containerDefinitions": [
               {"name": "app", "image": "img:1", "cpu": 256, "memory": 128, "memoryReservation": 64, "essential": true,
                "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp"},
                                 {"containerPort": 53, "hostPort": 0, "protocol": "udp"}],
                "environment": [{"name": "A", "value": "1"}],
                "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
                "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "timeout": 2, "retries": 1, "startPeriod": 0},
                "mountPoints": [{"sourceVolume": "shared", "containerPath": "/data", "readOnly": true}]},
               {"name": "db", "image": "img:2", "memory": 32, "essential": false,
                "healthCheck": {"command": ["CMD", "true"]}}],
             "volumes": [{"name": "shared", "host": {"sourcePath": "/srv/data"}}],
             "placementConstraints": [{"type": "memberOf", "expression": "attribute:zone == a"}],
             "requiresAttributes": [{"name": "ecs.capability.container-health-check"}]}""");

    @Test
    void reservesMemoryReservationBeforeMemoryAndSumsContainerCpu() {
        LaunchPlan plan = LaunchPlanReader.read(TWO_CONTAINERS, null);
        assertThat(plan.reservedCpu()).isEqualTo(256);
        assertThat(plan.reservedMemory()).isEqualTo(64 + 32);
        assertThat(plan.staticHostPorts(Protocol.TCP)).containsExactly(8080);
        assertThat(plan.staticHostPorts(Protocol.UDP)).isEmpty();
        assertThat(plan.placementConstraintExpressions()).containsExactly("attribute:zone == a");
        assertThat(plan.requiredAttributes()).containsExactly("ecs.capability.container-health-check");
    }

    @Test
    void taskLevelSizesWinOverContainerSums() {
        LaunchPlan plan = LaunchPlanReader.read(definition("""
                {"family": "f", "cpu": "1024", "memory": "2048", "containerDefinitions": [{"name": "a", "image": "i", "cpu": 10}]}"""),
                null);
        assertThat(plan.reservedCpu()).isEqualTo(1024);
        assertThat(plan.reservedMemory()).isEqualTo(2048);
    }

    @Test
    void hostModeReservesTheContainerPort() {
        LaunchPlan plan = LaunchPlanReader.read(definition("""
                {"family": "f", "networkMode": "host", "containerDefinitions": [{"name": "a", "image": "i", "memory": 8,
                 "portMappings": [{"containerPort": 9000, "hostPort": 9000}]}]}"""), null);
        assertThat(plan.staticHostPorts(Protocol.TCP)).containsExactly(9000);
    }

    @Test
    void dependenciesStartFirstAndStopLast() {
        LaunchPlan plan = LaunchPlanReader.read(TWO_CONTAINERS, null);
        assertThat(plan.startOrder()).extracting(LaunchPlan.ContainerPlan::name).containsExactly("db", "app");
        assertThat(plan.startOrder().reversed()).extracting(LaunchPlan.ContainerPlan::name).containsExactly("app", "db");
    }

    @Test
    void overridesReplaceCommandAndSizesAndMergeEnvironment() {
        TaskOverride overrides = new TaskOverride(List.of(new TaskOverride.ContainerOverride("app", List.of("sh", "-c", "x"),
                List.of(new TaskOverride.KeyValuePair("B", "2"), new TaskOverride.KeyValuePair("A", "9")), 512, 256, null)),
                null, null);
        LaunchPlan.ContainerPlan app = LaunchPlanReader.read(TWO_CONTAINERS, overrides).containers().getFirst();
        assertThat(app.command()).containsExactly("sh", "-c", "x");
        assertThat(app.environment()).containsEntry("A", "9").containsEntry("B", "2");
        assertThat(app.cpu()).isEqualTo(512);
        assertThat(app.memory()).isEqualTo(256);
    }

    @Test
    void specsCarryLabelsNetworkAliasesLimitsAndMounts() {
        LaunchPlan plan = LaunchPlanReader.read(TWO_CONTAINERS, null);
        var id = new ContainerSpecs.TaskIdentity("abc", "arn:task/abc", "arn:cluster/c", "arn:td/web:3", "svc", null,
                "7f1c0a52-4d55-4f0e-9a4c-2d1f6b1d3e01", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        ContainerSpec spec = ContainerSpecs.spec(plan, plan.containers().getFirst(), id, ContainerSpec.ImagePullPolicy.DEFAULT);
        assertThat(spec.name()).isEqualTo("gantry-abc-app");
        assertThat(spec.labels()).containsEntry("gantry.cluster", "arn:cluster/c").containsEntry("gantry.task-arn", "arn:task/abc")
                .containsEntry("gantry.container-name", "app").containsEntry("gantry.task-definition", "arn:td/web:3")
                .containsEntry("gantry.service", "svc")
                .containsEntry("gantry.installation", "7f1c0a52-4d55-4f0e-9a4c-2d1f6b1d3e01")
                .containsEntry("gantry.task-created-at", "2026-01-01T00:00:00Z");
        assertThat(spec.network()).isEqualTo("gantry-abc");
        assertThat(spec.networkAliases()).containsExactly("app");
        assertThat(spec.cpuShares()).isEqualTo(256);
        assertThat(spec.memoryMiB()).isEqualTo(128);
        assertThat(spec.memoryReservationMiB()).isEqualTo(64);
        assertThat(spec.ports()).containsExactly(new ContainerSpec.PortBinding(80, 8080, "tcp"),
                new ContainerSpec.PortBinding(53, null, "udp"));
        assertThat(spec.healthCheck().command()).containsExactly("CMD-SHELL", "true");
        assertThat(spec.mounts()).containsExactly(new ContainerSpec.Mount("/srv/data", null, "/data", true));
    }

    @Test
    void singleContainerBridgeTasksUseTheDefaultBridge() {
        LaunchPlan plan = LaunchPlanReader.read(definition("""
                {"family": "f", "cpu": "512", "containerDefinitions": [{"name": "a", "image": "i", "memory": 8}]}"""), null);
        var id = new ContainerSpecs.TaskIdentity("t1", "arn:task", "arn:cluster", "arn:td", null, null, "i", null);
        ContainerSpec spec = ContainerSpecs.spec(plan, plan.containers().getFirst(), id, ContainerSpec.ImagePullPolicy.ALWAYS);
        assertThat(spec.network()).isEqualTo("bridge");
        assertThat(spec.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(spec.labels()).doesNotContainKey("gantry.service");
    }
}
