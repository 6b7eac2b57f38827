package dev.gantry.task;

import dev.gantry.shared.TaskDefinitionId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.task.internal.LaunchPlanReader;
import dev.gantry.taskdef.ContainerDefinition.ContainerDependency.Condition;
import dev.gantry.taskdef.NetworkMode;
import dev.gantry.taskdef.PortMapping.Protocol;
import dev.gantry.taskdef.RegisterTaskDefinitionRequest;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import dev.gantry.taskdef.Volume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * One typed model from registration to launch, on PostgreSQL: a request registered, stored as jsonb, read back by
 * the task definition's owner and turned into a launch plan and container specs gives exactly what the same request
 * normalised in memory gives, defaults included; and the response of RegisterTaskDefinition is that normalisation.
 */
@GantryIntegrationTest
class TaskDefinitionRoundTripIT {

    @Autowired
    TaskDefinitionManagement management;

    @Autowired
    TaskDefinitionDocuments documents;

    @Autowired
    JsonMapper json;

    record Case(String name, String request, Consumer<LaunchPlan> defaults) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("minimal: cpu 0, essential, bridge", """
                        {'containerDefinitions': [{'name': 'a', 'image': 'nginx:1.27', 'memory': 64}]}""", plan -> {
                    assertThat(plan.networkMode()).isEqualTo(NetworkMode.BRIDGE);
                    assertThat(plan.containers().getFirst().cpu()).isZero();
                    assertThat(plan.containers().getFirst().essential()).isTrue();
                    assertThat(plan.reservedMemory()).isEqualTo(64);
                }),
                new Case("health check timings filled in", """
                        {'containerDefinitions': [{'name': 'a', 'image': 'i', 'memory': 64,
                          'healthCheck': {'command': ['CMD-SHELL', 'true']}}]}""", plan -> {
                    LaunchPlan.HealthCheck h = plan.containers().getFirst().healthCheck();
                    assertThat(List.of(h.interval(), h.timeout(), h.retries(), h.startPeriod())).containsExactly(30, 5, 3, 0);
                    assertThat(plan.requiredAttributes()).contains("ecs.capability.container-health-check");
                }),
                new Case("host mode: the host port is the container port, tcp", """
                        {'networkMode': 'host', 'containerDefinitions': [{'name': 'a', 'image': 'i', 'memory': 64,
                          'portMappings': [{'containerPort': 9000}, {'containerPort': 53, 'protocol': 'udp'}]}]}""", plan -> {
                    assertThat(plan.staticHostPorts(Protocol.TCP)).containsExactly(9000);
                    assertThat(plan.staticHostPorts(Protocol.UDP)).containsExactly(53);
                    assertThat(plan.containers().getFirst().portMappings().getFirst().hostPort()).isEqualTo(9000);
                }),
                new Case("bridge: dynamic and static ports, dependencies, links", """
                        {'containerDefinitions': [
                          {'name': 'app', 'image': 'i', 'memoryReservation': 32, 'links': ['db:database'],
                           'portMappings': [{'containerPort': 80, 'hostPort': 8080}, {'containerPort': 81, 'hostPort': 0}],
                           'dependsOn': [{'containerName': 'db', 'condition': 'HEALTHY'}]},
                          {'name': 'db', 'image': 'j', 'memory': 64, 'essential': false, 'cpu': 128,
                           'healthCheck': {'command': ['CMD', 'true'], 'interval': 5, 'retries': 1}}]}""", plan -> {
                    assertThat(plan.staticHostPorts(Protocol.TCP)).containsExactly(8080);
                    assertThat(plan.containers().getFirst().dependsOn())
                            .containsExactly(new LaunchPlan.Dependency("db", Condition.HEALTHY));
                    assertThat(plan.startOrder()).extracting(LaunchPlan.ContainerPlan::name).containsExactly("db", "app");
                    assertThat(plan.containers().get(1).healthCheck().timeout()).isEqualTo(5);
                    assertThat(plan.reservedCpu()).isEqualTo(128);
                }),
                new Case("volumes: bind, task-scoped by default, shared that must exist", """
                        {'volumes': [{'name': 'bind', 'host': {'sourcePath': '/srv'}},
                                     {'name': 'scratch', 'dockerVolumeConfiguration': {'driver': 'local'}},
                                     {'name': 'pool', 'dockerVolumeConfiguration': {'scope': 'shared', 'labels': {'k': 'v'}}}],
                         'containerDefinitions': [{'name': 'a', 'image': 'i', 'memory': 64, 'mountPoints': [
                           {'sourceVolume': 'bind', 'containerPath': '/b', 'readOnly': true},
                           {'sourceVolume': 'scratch', 'containerPath': '/s'},
                           {'sourceVolume': 'pool', 'containerPath': '/p'}]}]}""", plan -> {
                    assertThat(plan.volumes().get("scratch").scope()).isEqualTo(Volume.Scope.TASK);
                    assertThat(plan.volumes().get("pool").config().mustExist()).isTrue();
                    assertThat(plan.volumes().get("bind").hostPath()).isEqualTo("/srv");
                    assertThat(plan.containers().getFirst().mountPoints().get(1).readOnly()).isFalse();
                }),
                new Case("task-level sizes in vCPU and GB", """
                        {'cpu': '1 vCPU', 'memory': '2 GB', 'containerDefinitions': [{'name': 'a', 'image': 'i', 'cpu': 10}]}""",
                        plan -> {
                    assertThat(plan.reservedCpu()).isEqualTo(1024);
                    assertThat(plan.reservedMemory()).isEqualTo(2048);
                }),
                new Case("runtime settings: linux parameters, logging, namespaces, hosts, labels", """
                        {'pidMode': 'host', 'ipcMode': 'none', 'containerDefinitions': [{'name': 'a', 'image': 'i', 'memory': 64,
                          'user': '1000:1000', 'workingDirectory': '/w', 'readonlyRootFilesystem': true, 'stopTimeout': 7,
                          'entryPoint': ['sh'], 'command': ['-c', 'x'], 'environment': [{'name': 'A', 'value': '1'}],
                          'dockerLabels': {'team': 'core'}, 'hostname': 'h', 'dnsServers': ['10.0.0.2'],
                          'extraHosts': [{'hostname': 'db.internal', 'ipAddress': '10.0.0.5'}],
                          'ulimits': [{'name': 'nofile', 'softLimit': 1024, 'hardLimit': 2048}],
                          'logConfiguration': {'logDriver': 'json-file', 'options': {'max-size': '1m'}},
                          'linuxParameters': {'initProcessEnabled': true, 'sharedMemorySize': 64, 'swappiness': 10,
                            'capabilities': {'add': ['NET_ADMIN'], 'drop': ['MKNOD']},
                            'tmpfs': [{'containerPath': '/t', 'size': 16, 'mountOptions': ['noexec']}]}}]}""", plan -> {
                    ContainerSpec.Runtime r = plan.containers().getFirst().runtime();
                    assertThat(r.pidMode()).isEqualTo("host");
                    assertThat(r.ipcMode()).isEqualTo("none");
                    assertThat(r.tmpfs()).containsEntry("/t", "size=16m,noexec");
                    assertThat(r.extraHosts()).containsExactly("db.internal:10.0.0.5");
                    assertThat(r.init()).isTrue();
                    assertThat(plan.containers().getFirst().privileged()).isFalse();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void registeredStoredAndReadBackLaunchesAsTheRequestNormalisedInMemory(Case c) {
        String family = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
        String body = c.request().replace('\'', '"').replaceFirst("\\{", "{\"family\": \"" + family + "\", ");
        RegisterTaskDefinitionRequest request = json.readValue(body, RegisterTaskDefinitionRequest.class);

        TaskDefinition registered = management.registerTaskDefinition(request).taskDefinition();
        TaskDefinition inMemory = management.normalise(request, registered.revision(), registered.registeredAt());
        assertThat(json.writeValueAsString(registered)).as("RegisterTaskDefinition answers the normalised request")
                .isEqualTo(json.writeValueAsString(inMemory));

        LaunchPlan stored = documents.plan(new TaskDefinitionId(registered.id()), null);
        LaunchPlan expected = LaunchPlanReader.read(inMemory, null);
        assertThat(stored).isEqualTo(expected);
        var identity = new ContainerSpecs.TaskIdentity("t1", "arn:task/t1", "arn:cluster/c", registered.taskDefinitionArn(),
                null, null, "installation", Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 0; i < expected.containers().size(); i++) {
            assertThat(ContainerSpecs.spec(stored, stored.containers().get(i), identity, ContainerSpec.ImagePullPolicy.DEFAULT))
                    .isEqualTo(ContainerSpecs.spec(expected, expected.containers().get(i), identity,
                            ContainerSpec.ImagePullPolicy.DEFAULT));
        }
        c.defaults().accept(stored);
    }

    @org.junit.jupiter.api.Test
    void overridesApplyToTheStoredModelAsToTheInMemoryOne() {
        String family = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
        RegisterTaskDefinitionRequest request = json.readValue("""
                {"family": "%s", "containerDefinitions": [{"name": "a", "image": "i", "memory": 64, "command": ["x"],
                  "environment": [{"name": "A", "value": "1"}]}]}""".formatted(family), RegisterTaskDefinitionRequest.class);
        TaskDefinition registered = management.registerTaskDefinition(request).taskDefinition();
        String overrides = """
                {"containerOverrides": [{"name": "a", "command": ["y"], "environment": [{"name": "B", "value": "2"}]}],
                 "memory": "256"}""";
        LaunchPlan plan = documents.plan(new TaskDefinitionId(registered.id()), overrides);
        assertThat(plan).isEqualTo(LaunchPlanReader.read(management.normalise(request, registered.revision(),
                registered.registeredAt()), json.readValue(overrides, TaskOverride.class)));
        assertThat(plan.containers().getFirst().environment()).isEqualTo(Map.of("A", "1", "B", "2"));
        assertThat(plan.reservedMemory()).isEqualTo(256);
    }
}
