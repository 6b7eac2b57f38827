package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.GantryIntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.FirelensConfigurationType;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.IpcMode;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.PidMode;
import software.amazon.awssdk.services.ecs.model.ProxyConfigurationType;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Scope;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionPlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.UlimitName;
import software.amazon.awssdk.services.ecs.model.VersionConsistency;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The task definition actions through the real AWS SDK for Java v2 on a real PostgreSQL: the round trip of every
 * member a client sends (those Gantry acts on and those it only stores and echoes), a describe output registered
 * again, revisions listed both ways at page size 1, families, deregistering, DeleteTaskDefinitions' two steps and
 * ECS's errors.
 */
@GantryIntegrationTest
class EcsTaskDefinitionsIT {

    private static final String PREFIX = "AmazonEC2ContainerServiceV20141113.";
    private static final String ARN = "arn:aws:ecs:local:000000000000:task-definition/";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RestTestClient http;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A container using members of every kind: acted on (ports, labels, ulimits, logs...) and echoed only. */
    private static ContainerDefinition richContainer() {
        return ContainerDefinition.builder()
                .name("web").image("nginx:1.27").cpu(128).memory(256).memoryReservation(128).essential(true)
                .portMappings(p -> p.containerPort(80).hostPort(0).protocol(TransportProtocol.TCP).name("http")
                        .appProtocol(ApplicationProtocol.HTTP))
                .command("nginx", "-g", "daemon off;").entryPoint("/docker-entrypoint.sh")
                .environment(e -> e.name("MODE").value("prod"))
                .mountPoints(m -> m.sourceVolume("data").containerPath("/data").readOnly(false))
                .dockerLabels(Map.of("team", "core", "tier", "web"))
                .ulimits(u -> u.name(UlimitName.NOFILE).softLimit(1024).hardLimit(4096))
                .logConfiguration(l -> l.logDriver(LogDriver.JSON_FILE).options(Map.of("max-size", "10m")))
                .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost/ || exit 1").interval(10)
                        .timeout(3).retries(2).startPeriod(5))
                .stopTimeout(20).startTimeout(60).workingDirectory("/srv").user("101:101")
                .dnsServers("10.0.0.2").extraHosts(h -> h.hostname("db.internal").ipAddress("10.0.0.5"))
                .dockerSecurityOptions("no-new-privileges").readonlyRootFilesystem(false).interactive(false)
                .pseudoTerminal(false)
                .linuxParameters(l -> l.initProcessEnabled(true).capabilities(c -> c.add("NET_ADMIN").drop("MKNOD")))
                .restartPolicy(r -> r.enabled(true).ignoredExitCodes(0).restartAttemptPeriod(60))
                // members Gantry stores and echoes without acting on them
                .systemControls(s -> s.namespace("net.core.somaxconn").value("1024"))
                .firelensConfiguration(f -> f.type(FirelensConfigurationType.FLUENTBIT)
                        .options(Map.of("enable-ecs-log-metadata", "true")))
                .versionConsistency(VersionConsistency.DISABLED)
                .build();
    }

    private static RegisterTaskDefinitionRequest richDefinition(String family) {
        return RegisterTaskDefinitionRequest.builder()
                .family(family).networkMode(NetworkMode.BRIDGE).cpu("256").memory("512")
                .taskRoleArn("arn:aws:iam::000000000000:role/app")
                .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                .containerDefinitions(richContainer(), ContainerDefinition.builder().name("sidecar")
                        .image("busybox:1.36").memory(32).essential(false).cpu(0).command("sleep", "3600").build())
                .volumes(v -> v.name("data").dockerVolumeConfiguration(d -> d.scope(Scope.TASK).driver("local")
                        .labels(Map.of("purpose", "cache"))))
                .placementConstraints(c -> c.type(TaskDefinitionPlacementConstraintType.MEMBER_OF)
                        .expression("attribute:ecs.os-type == linux"))
                .requiresCompatibilities(Compatibility.EC2)
                .pidMode(PidMode.HOST).ipcMode(IpcMode.NONE)
                .tags(t -> t.key("team").value("core"))
                // task members Gantry stores and echoes without acting on them
                .proxyConfiguration(p -> p.type(ProxyConfigurationType.APPMESH).containerName("web")
                        .properties(kv -> kv.name("AppPorts").value("80")))
                .runtimePlatform(r -> r.cpuArchitecture(CPUArchitecture.X86_64).operatingSystemFamily(OSFamily.LINUX))
                .ephemeralStorage(e -> e.sizeInGiB(30))
                .enableFaultInjection(false)
                .build();
    }

    @Test
    void everyMemberSentIsDescribedBackEqualIncludingThoseGantryOnlyStores() {
        String family = unique("ecs-td-rich");
        RegisterTaskDefinitionRequest sent = richDefinition(family);
        try (EcsClient ecs = EcsClients.of(port)) {
            RegisterTaskDefinitionResponse registered = ecs.registerTaskDefinition(sent);
            assertThat(registered.taskDefinition().taskDefinitionArn()).isEqualTo(ARN + family + ":1");
            assertThat(registered.tags()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("team"));

            DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(b -> b.taskDefinition(family)
                    .include(TaskDefinitionField.TAGS));
            TaskDefinition definition = described.taskDefinition();
            assertThat(definition).isEqualTo(registered.taskDefinition());
            assertThat(definition.containerDefinitions()).as("containers, every member as sent")
                    .isEqualTo(sent.containerDefinitions());
            assertThat(definition.family()).isEqualTo(family);
            assertThat(definition.revision()).isEqualTo(1);
            assertThat(definition.status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
            assertThat(definition.taskRoleArn()).isEqualTo(sent.taskRoleArn());
            assertThat(definition.executionRoleArn()).isEqualTo(sent.executionRoleArn());
            assertThat(definition.networkMode()).isEqualTo(NetworkMode.BRIDGE);
            assertThat(definition.cpu()).isEqualTo("256");
            assertThat(definition.memory()).isEqualTo("512");
            assertThat(definition.volumes()).isEqualTo(sent.volumes());
            assertThat(definition.placementConstraints()).isEqualTo(sent.placementConstraints());
            assertThat(definition.requiresCompatibilities()).isEqualTo(sent.requiresCompatibilities());
            assertThat(definition.compatibilities()).contains(Compatibility.EC2, Compatibility.EXTERNAL);
            assertThat(definition.pidMode()).isEqualTo(PidMode.HOST);
            assertThat(definition.ipcMode()).isEqualTo(IpcMode.NONE);
            assertThat(definition.proxyConfiguration()).isEqualTo(sent.proxyConfiguration());
            assertThat(definition.runtimePlatform()).isEqualTo(sent.runtimePlatform());
            assertThat(definition.ephemeralStorage()).isEqualTo(sent.ephemeralStorage());
            assertThat(definition.enableFaultInjection()).isFalse();
            assertThat(definition.registeredAt()).isNotNull();
            assertThat(definition.requiresAttributes()).extracting(a -> a.name())
                    .contains("com.amazonaws.ecs.capability.docker-remote-api.1.24");
            assertThat(described.tags()).isEqualTo(sent.tags());
            assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(family + ":1")).hasTags())
                    .as("tags only with include TAGS").isFalse();
        }
    }

    @Test
    void aDescribeOutputRegistersAgainUnchangedAsTheCliSendsItAndAsJsonWithItsReadOnlyMembers() throws Exception {
        String family = unique("ecs-td-cli");
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.registerTaskDefinition(richDefinition(family));
            TaskDefinition first = ecs.describeTaskDefinition(b -> b.taskDefinition(family)).taskDefinition();

            // the AWS CLI turns the describe output's taskDefinition into the register input member by member
            RegisterTaskDefinitionRequest again = asRegisterRequest(first);
            TaskDefinition second = ecs.registerTaskDefinition(again).taskDefinition();
            assertThat(second.revision()).isEqualTo(2);
            assertThat(withoutIdentity(second)).isEqualTo(withoutIdentity(first));
        }

        // a hand-written client may send the describe output as it is, read-only members and all
        HttpResponse<String> described = EcsClients.signed(port, PREFIX + "DescribeTaskDefinition",
                "{\"taskDefinition\":\"" + family + ":1\"}");
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        ObjectNode output = (ObjectNode) json.readTree(described.body()).get("taskDefinition");
        assertThat(output.has("taskDefinitionArn") && output.has("revision") && output.has("requiresAttributes")
                && output.has("compatibilities") && output.has("registeredAt") && output.has("status")).isTrue();
        HttpResponse<String> registered = EcsClients.signed(port, PREFIX + "RegisterTaskDefinition",
                json.writeValueAsString(output));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        JsonNode third = json.readTree(registered.body()).get("taskDefinition");
        assertThat(third.get("revision").asInt()).isEqualTo(3);
        assertThat(strip((ObjectNode) third)).isEqualTo(strip(output));
    }

    @Test
    void revisionsListBothWaysAtPageSizeOneFamiliesDeregisterAndDelete() {
        String family = unique("ecs-td-list");
        try (EcsClient ecs = EcsClients.of(port)) {
            for (int i = 0; i < 3; i++) {
                ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(c -> c.name("main")
                        .image("busybox:1.36").memory(16)));
            }
            List<String> descending = new ArrayList<>();
            int pages = 0;
            for (ListTaskDefinitionsResponse page : ecs.listTaskDefinitionsPaginator(b -> b.familyPrefix(family)
                    .sort(SortOrder.DESC).maxResults(1))) {
                pages++;
                assertThat(page.taskDefinitionArns()).hasSizeLessThanOrEqualTo(1);
                descending.addAll(page.taskDefinitionArns());
            }
            assertThat(descending).containsExactly(ARN + family + ":3", ARN + family + ":2", ARN + family + ":1");
            assertThat(pages).isGreaterThanOrEqualTo(3);
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family)).taskDefinitionArns())
                    .as("ASC by default").containsExactly(ARN + family + ":1", ARN + family + ":2", ARN + family + ":3");
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family.substring(0, 10))).taskDefinitionArns())
                    .as("familyPrefix is the exact family").isEmpty();

            String other = family + "-b";
            ecs.registerTaskDefinition(b -> b.family(other).containerDefinitions(c -> c.name("main")
                    .image("busybox:1.36").memory(16)));
            List<String> families = new ArrayList<>();
            for (ListTaskDefinitionFamiliesResponse page : ecs.listTaskDefinitionFamiliesPaginator(b -> b
                    .familyPrefix(family).maxResults(1))) {
                assertThat(page.families()).hasSizeLessThanOrEqualTo(1);
                families.addAll(page.families());
            }
            assertThat(families).containsExactly(family, other);

            TaskDefinition deregistered = ecs.deregisterTaskDefinition(b -> b.taskDefinition(ARN + other + ":1"))
                    .taskDefinition();
            assertThat(deregistered.status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
            assertThat(deregistered.deregisteredAt()).isNotNull();
            assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix(family)
                    .status(TaskDefinitionFamilyStatus.INACTIVE)).families()).containsExactly(other);
            assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix(family)
                    .status(TaskDefinitionFamilyStatus.ACTIVE)).families()).containsExactly(family);
            assertThatThrownBy(() -> ecs.deregisterTaskDefinition(b -> b.taskDefinition(family)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("revision");

            ecs.deregisterTaskDefinition(b -> b.taskDefinition(family + ":1"));
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family)
                    .status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns()).containsExactly(ARN + family + ":1");

            DeleteTaskDefinitionsResponse deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions(
                    family + ":1", ARN + family + ":2", family + ":99"));
            assertThat(deleted.taskDefinitions()).singleElement().satisfies(d -> {
                assertThat(d.taskDefinitionArn()).isEqualTo(ARN + family + ":1");
                assertThat(d.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
                assertThat(d.deleteRequestedAt()).isNotNull();
            });
            assertThat(deleted.failures()).extracting(f -> f.arn())
                    .containsExactly(ARN + family + ":2", ARN + family + ":99");
            assertThat(deleted.failures().getFirst().reason()).contains("ACTIVE");
            assertThat(deleted.failures().get(1).reason()).contains("does not exist");
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition(family + ":1")))
                    .as("nothing refers to it: gone").isInstanceOf(ClientException.class)
                    .hasMessageContaining("Unable to describe task definition.");
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family)).taskDefinitionArns())
                    .containsExactly(ARN + family + ":2", ARN + family + ":3");
            assertThat(ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(c -> c.name("main")
                    .image("busybox:1.36").memory(16))).taskDefinition().revision())
                    .as("highest ever + 1, also after deleting").isEqualTo(4);

            assertThatThrownBy(() -> ecs.deleteTaskDefinitions(b -> b.taskDefinitions(
                    java.util.stream.IntStream.rangeClosed(1, 11).mapToObj(i -> family + ":" + i).toList())))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("taskDefinitions");
        }
    }

    @Test
    void aDeletedRevisionAServiceStillUsesStaysDeleteInProgressUntilNothingRefersToIt() {
        String family = unique("ecs-td-used");
        String cluster = family;
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(c -> c.name("main")
                    .image("busybox:1.36").memory(16)));
            http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("clusterName", cluster)).exchange().expectStatus().isOk();
            http.post().uri("/v1/clusters/" + cluster + "/services").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("serviceName", "web", "taskDefinition", family + ":1", "desiredCount", 0))
                    .exchange().expectStatus().isOk();
            ecs.deregisterTaskDefinition(b -> b.taskDefinition(family + ":1"));

            DeleteTaskDefinitionsResponse deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions(family + ":1"));
            assertThat(deleted.failures()).isEmpty();
            TaskDefinition still = ecs.describeTaskDefinition(b -> b.taskDefinition(family + ":1")).taskDefinition();
            assertThat(still.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family)
                    .status(TaskDefinitionStatus.DELETE_IN_PROGRESS)).taskDefinitionArns())
                    .containsExactly(ARN + family + ":1");

            // the service's rows go (as the retention jobs remove them); the next purge removes the revision
            long id = jdbc.sql("SELECT id FROM task_definition WHERE family = :f").param("f", family)
                    .query(Long.class).single();
            String services = "(SELECT id FROM service WHERE task_definition_id = " + id + ")";
            jdbc.sql("DELETE FROM service_deployment WHERE service_id IN " + services).update();
            jdbc.sql("DELETE FROM service_event WHERE service_id IN " + services).update();
            jdbc.sql("DELETE FROM task WHERE service_id IN " + services).update();
            jdbc.sql("DELETE FROM service WHERE task_definition_id = :id").param("id", id).update();
            // deleting it again answers it again (still DELETE_IN_PROGRESS) and runs the purge
            assertThat(ecs.deleteTaskDefinitions(b -> b.taskDefinitions(family + ":1")).taskDefinitions())
                    .singleElement().satisfies(d -> assertThat(d.status())
                            .isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS));
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition(family + ":1")))
                    .isInstanceOf(ClientException.class);
        }
    }

    @Test
    void invalidDefinitionsAreEcsErrorsNamingTheMember() throws Exception {
        try (EcsClient ecs = EcsClients.of(port)) {
            assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family(unique("ecs-td-bad"))
                    .containerDefinitions(c -> c.name("main").memory(16))))
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("Container.image should not be null or empty.");
            assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family(unique("ecs-td-bad"))
                    .containerDefinitions(c -> c.name("main").image("busybox:1.36"))))
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("At least one of 'memory' or 'memoryReservation' must be specified.");
            assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family(unique("ecs-td-bad"))
                    .containerDefinitions(c -> c.name("main").image("busybox:1.36").memory(16)
                            .secrets(s -> s.name("DB").valueFrom("arn:aws:ssm:local:000000000000:parameter/db")))))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("containerDefinitions[0].secrets");
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("ecs-td-none:1")))
                    .isInstanceOf(ClientException.class).hasMessageContaining("Unable to describe task definition.");
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("not a reference")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("taskDefinition");
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("x:1").includeWithStrings("ALL")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("include");
            assertThatThrownBy(() -> ecs.listTaskDefinitions(b -> b.status("GONE")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("status");
        }
        HttpResponse<String> wrongType = EcsClients.signed(port, PREFIX + "RegisterTaskDefinition",
                "{\"family\":\"ecs-td-typed\",\"containerDefinitions\":[{\"name\":\"m\",\"image\":\"i\",\"memory\":\"16\"}]}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(wrongType.body());
        assertThat(error.get("__type").asString()).isEqualTo("SerializationException");
        assertThat(error.get("message").asString()).contains("containerDefinitions[0].memory");
    }

    @Test
    void restDeletesTaskDefinitionsWithTheSameRule() {
        String family = unique("rest-td-del");
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(c -> c.name("main")
                    .image("busybox:1.36").memory(16)));
            ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(c -> c.name("main")
                    .image("busybox:1.36").memory(16)));
            ecs.deregisterTaskDefinition(b -> b.taskDefinition(family + ":1"));
        }
        http.post().uri("/v1/task-definitions/delete").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("taskDefinitions", List.of(family + ":1", family + ":2"))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.taskDefinitions[0].status").isEqualTo("DELETE_IN_PROGRESS")
                .jsonPath("$.failures[0].arn").isEqualTo(ARN + family + ":2");
        http.get().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isNotFound();
    }

    /** What the CLI does with --cli-input-json: each member of the input shape taken from the file by its name. */
    private static RegisterTaskDefinitionRequest asRegisterRequest(TaskDefinition described) {
        RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
        Map<String, SdkField<?>> output = new java.util.HashMap<>();
        for (SdkField<?> field : ((SdkPojo) described).sdkFields()) {
            output.put(field.memberName(), field);
        }
        for (SdkField<?> field : ((SdkPojo) builder).sdkFields()) {
            SdkField<?> from = output.get(field.memberName());
            if (from != null) {
                Object value = from.getValueOrDefault(described);
                if (value != null) {
                    field.set(builder, value);
                }
            }
        }
        return builder.build();
    }

    private static TaskDefinition withoutIdentity(TaskDefinition definition) {
        return definition.toBuilder().taskDefinitionArn(null).revision(null).registeredAt(null).build();
    }

    private static ObjectNode strip(ObjectNode definition) {
        ObjectNode copy = definition.deepCopy();
        copy.remove(List.of("taskDefinitionArn", "revision", "registeredAt"));
        return copy;
    }
}
