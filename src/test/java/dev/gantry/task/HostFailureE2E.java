package dev.gantry.task;

import dev.gantry.shared.TaskId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.internal.DockerJavaHostFactory;
import dev.gantry.reconcile.ClusterLeadership;
import dev.gantry.reconcile.Installation;
import dev.gantry.task.ContainerSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Hosts and the control plane failing: dockerd SIGKILLed, a host partitioned and healed, a control plane that died
 * in the middle of a launch, and containers nobody owns. Only the disposable host is ever killed or partitioned
 * (h1/h2 are shared), and it is always restored.
 */
class HostFailureE2E extends E2ESupport {

    private static final int LOST = RigHosts.DISPOSABLE;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClusterLeadership leadership;
    @Autowired
    TaskDefinitionDocuments definitions;
    @Autowired
    TaskRepository tasks;
    @Autowired
    Installation installation;

    private long clusterId() {
        return jdbc.sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(cluster).query(Long.class).single();
    }

    private void awaitConnected(String instance, boolean connected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(instance(instance).get("agentConnected").asBoolean()).isEqualTo(connected));
    }

    private void restore(String command) {
        RigHosts.rig(command, LOST);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> RigHosts.answers(LOST));
    }

    @Test
    void aHostWhoseDockerdIsKilledIsLostItsTaskStopsAndNothingIsLeftWhenItComesBack() {
        String lost = register(Map.of("dockerEndpoint", RigHosts.plainTcp(LOST))).get("ec2InstanceId").asString();
        String task = runOne(taskDefinition(List.of(container("main", 16, "exec sleep 600"))));
        awaitRunning(task);
        try {
            RigHosts.rig("kill", LOST);
            awaitConnected(lost, false, Duration.ofSeconds(15));
            JsonNode stopped = awaitStatus(task, "STOPPED", Duration.ofSeconds(30));
            assertThat(stopped.get("stopCode").asString()).isEqualTo("InfrastructureHealth");
            assertThat(stopped.get("stoppedReason").asString()).startsWith("Host lost");
        } finally {
            restore("start");
        }
        awaitConnected(lost, true, Duration.ofSeconds(30));
        // the restarted engine reports the container exited; Gantry removes it and does not revive the task
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RigHosts.containers(LOST, clusterArn)).isEmpty());
        assertThat(task(task).get("lastStatus").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aPartitionedHostsServiceTaskIsReplacedAndTheOldContainerIsRemovedAfterTheHeal() {
        register(Map.of("dockerEndpoint", RigHosts.plainTcp(LOST)));
        String family = taskDefinition(List.of(container("main", 16, "exec sleep 600")));
        String service = unique("svc");
        call(HttpMethod.POST, "/v1/clusters/" + cluster + "/services",
                Map.of("serviceName", service, "taskDefinition", family, "desiredCount", 1), 200);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RigHosts.running(LOST, clusterArn)).hasSize(1));
            String original = RigHosts.running(LOST, clusterArn).getFirst().getLabels().get(RigHosts.LABEL_TASK_ARN);
            register(2, "zone-b");
            try {
                RigHosts.rig("partition", LOST);
                // lost after the loss timeout; the service replaces its task on h2 while the old container still runs on the lost host
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(RigHosts.running(2, clusterArn)).hasSize(1));
                assertThat(RigHosts.running(LOST, clusterArn)).hasSize(1);
                assertThat(task(original.substring(original.lastIndexOf('/') + 1)).get("lastStatus").asString()).isEqualTo("STOPPED");
            } finally {
                restore("heal");
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(RigHosts.running(LOST, clusterArn)).as("duplicate left on the healed host").isEmpty();
                assertThat(RigHosts.running(2, clusterArn)).hasSize(1);
            });
            JsonNode s = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/services/" + service, null, 200);
            assertThat(s.get("runningCount").asInt()).isEqualTo(1);
        } finally {
            http.patch().uri("/v1/clusters/{c}/services/{s}", cluster, service).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(Map.of("desiredCount", 0)).exchange();
            http.delete().uri("/v1/clusters/{c}/services/{s}?force=true", cluster, service).exchange();
        }
    }

    @Test
    void aControlPlaneThatDiedMidLaunchLeavesNeitherADuplicateNorALostTask() {
        String instance = register(1);
        long clusterId = clusterId();
        await().atMost(Duration.ofSeconds(10)).until(() -> leadership.leads(clusterId));
        // another replica "takes" the lease and dies holding it: this one stops reconciling the cluster
        jdbc.sql("UPDATE cluster_lease SET holder = 'crashed-replica', expires_at = now() + interval '1 hour' WHERE cluster_id = ?")
                .param(clusterId).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> !leadership.leads(clusterId));

        String family = taskDefinition(List.of(container("main", 16, "exec sleep 600")));
        List<String> ids = run(family, 2);
        String createdOnly = ids.get(0);
        String createdAndStarted = ids.get(1);
        // what the dead replica got done before it died: one task's container created, the other's also started
        String createdId;
        String startedId;
        try (DockerHost host = new DockerJavaHostFactory().open(DockerEndpoint.plain(RigHosts.unixSocket(1)))) {
            createdId = createAsGantryWould(host, createdOnly);
            startedId = createAsGantryWould(host, createdAndStarted);
            host.start(new ContainerRef(startedId));
        }
        assertThat(task(createdOnly).get("lastStatus").asString()).isEqualTo("PENDING");
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(2);

        // the lease runs out; this replica takes over and finishes both launches
        jdbc.sql("UPDATE cluster_lease SET expires_at = now() - interval '1 second' WHERE cluster_id = ?").param(clusterId).update();
        JsonNode a = awaitRunning(createdOnly);
        JsonNode b = awaitRunning(createdAndStarted);
        assertThat(RigHosts.ofTask(1, clusterArn, taskArn(createdOnly))).extracting(Container::getId).containsExactly(createdId);
        assertThat(RigHosts.ofTask(1, clusterArn, taskArn(createdAndStarted))).extracting(Container::getId).containsExactly(startedId);
        assertThat(container(a, "main").get("runtimeId").asString()).isEqualTo(createdId);
        assertThat(container(b, "main").get("runtimeId").asString()).isEqualTo(startedId);
        assertThat(RigHosts.running(1, clusterArn)).hasSize(2);
        assertThat(instance(instance).get("runningTasksCount").asInt()).isEqualTo(2);
    }

    private String createAsGantryWould(DockerHost host, String taskId) {
        Task task = tasks.find(new TaskId(taskId)).orElseThrow();
        LaunchPlan plan = definitions.plan(task.taskDefinitionId(), task.overridesJson());
        var identity = new ContainerSpecs.TaskIdentity(taskId, taskArn(taskId), clusterArn,
                definitions.byId(task.taskDefinitionId()).taskDefinitionArn(), null, null, installation.id(), task.createdAt());
        ContainerSpec spec = ContainerSpecs.spec(plan, plan.containers().getFirst(), identity, ContainerSpec.ImagePullPolicy.DEFAULT);
        host.create(spec);
        return RigHosts.docker(1).inspectContainerCmd(spec.name()).exec().getId();
    }

    @Test
    void containersOfThisInstallationThatNoTaskOwnsAreRemovedAfterTheGraceAndNoOthers() {
        register(1);
        String task = runOne(taskDefinition(List.of(container("main", 16, "exec sleep 600"))));
        awaitRunning(task);
        var docker = RigHosts.docker(1);
        String clusterTask = clusterArn.replace(":cluster/", ":task/") + "/";
        // ours, for a task Gantry never heard of, created long before the newest task the database knows
        String unknown = randomTaskId();
        String orphan = start(docker, ContainerSpecs.containerName(unknown, "main"), Map.of(RigHosts.LABEL_CLUSTER, clusterArn,
                RigHosts.LABEL_TASK_ARN, clusterTask + unknown, "gantry.container-name", "main",
                "gantry.installation", installation.id(), "gantry.task-created-at", "2000-01-01T00:00:00Z"));
        // another installation's, with the same cluster ARN (two installations with default settings), and one
        // with no installation label (another tool, or a Gantry from before installation ids): never touched
        String otherTask = randomTaskId();
        String unlabelledTask = randomTaskId();
        String otherInstallation = start(docker, ContainerSpecs.containerName(otherTask, "main"), Map.of(
                RigHosts.LABEL_CLUSTER, clusterArn, RigHosts.LABEL_TASK_ARN, clusterTask + otherTask,
                "gantry.container-name", "main", "gantry.installation", java.util.UUID.randomUUID().toString()));
        String unlabelled = start(docker, "orphan-" + unique("x"), Map.of(RigHosts.LABEL_CLUSTER, clusterArn,
                RigHosts.LABEL_TASK_ARN, clusterTask + unlabelledTask, "gantry.container-name", "main"));
        // and one of another cluster, which is not even listed
        String foreignCluster = clusterArn + "-other";
        String foreign = start(docker, "foreign-" + unique("x"), Map.of(RigHosts.LABEL_CLUSTER, foreignCluster,
                RigHosts.LABEL_TASK_ARN, foreignCluster.replace(":cluster/", ":task/") + "/" + "1".repeat(32)));
        try {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(RigHosts.containers(1, clusterArn)).extracting(Container::getId).doesNotContain(orphan));
            assertThat(RigHosts.running(1, clusterArn)).extracting(c -> c.getLabels().get(RigHosts.LABEL_TASK_ARN))
                    .containsExactlyInAnyOrder(taskArn(task), clusterTask + otherTask, clusterTask + unlabelledTask);
            for (String untouched : List.of(foreign, otherInstallation, unlabelled)) {
                assertThat(docker.inspectContainerCmd(untouched).exec().getState().getRunning()).isTrue();
            }
        } finally {
            for (String c : List.of(foreign, otherInstallation, unlabelled)) {
                docker.removeContainerCmd(c).withForce(true).exec();
            }
        }
    }

    private static String randomTaskId() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static String start(com.github.dockerjava.api.DockerClient docker, String name, Map<String, String> labels) {
        String id = docker.createContainerCmd(IMAGE).withCmd("sleep", "600").withName(name).withLabels(labels).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }
}
