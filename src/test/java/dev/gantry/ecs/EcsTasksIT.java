package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import tools.jackson.databind.JsonNode;

/**
 * The ECS task actions through the real AWS SDK for Java v2, on real Docker hosts of the rig and a real PostgreSQL:
 * RunTask (idempotent by clientToken), the SDK's own waiters with their real timing (DescribeTasks every 6 s),
 * DescribeTasks' MISSING failures, ListTasks' filters and paginator, StopTask, StartTask's MISSING and INACTIVE
 * failures, placement failures, and the errors the SDK maps to its exception classes. Hosts and task definitions
 * are set up over REST v1 (E2ESupport), as the other task tests set them up.
 */
class EcsTasksIT extends E2ESupport {

    private static final String UNKNOWN_ID = "0123456789abcdef0123456789abcdef";
    /** Stops at SIGTERM (a shell as PID 1 ignores it, and StopTask would wait out the 30 s stopTimeout). */
    private static final String SERVE = "trap 'exit 0' TERM; while true; do sleep 1; done";

    @LocalServerPort
    int port;

    @Test
    void runTasksWaitUntilRunningDescribeListStopAndWaitUntilStopped() {
        String a = register(1);
        register(2);
        String family = taskDefinition(List.of(container("main", 16, SERVE)));
        try (EcsClient ecs = EcsClients.of(port)) {
            String token = unique("token");
            RunTaskRequest run = RunTaskRequest.builder().cluster(cluster).taskDefinition(family).count(2)
                    .group("ecs-it").startedBy("ecs-it-runner").launchType(LaunchType.EC2).clientToken(token)
                    .tags(t -> t.key("team").value("core"))
                    .overrides(o -> o.containerOverrides(c -> c.name("main").environment(e -> e.name("MODE").value("it"))))
                    .build();
            RunTaskResponse ran = ecs.runTask(run);
            assertThat(ran.failures()).isEmpty();
            assertThat(ran.tasks()).hasSize(2).allSatisfy(task -> {
                assertThat(task.taskArn()).matches("arn:aws:ecs:local:000000000000:task/" + cluster + "/[0-9a-f]{32}");
                assertThat(task.clusterArn()).isEqualTo(clusterArn);
                assertThat(task.taskDefinitionArn()).isEqualTo("arn:aws:ecs:local:000000000000:task-definition/" + family + ":1");
                assertThat(task.containerInstanceArn()).startsWith("arn:aws:ecs:local:000000000000:container-instance/" + cluster + "/");
                assertThat(task.desiredStatus()).isEqualTo("RUNNING");
                assertThat(task.lastStatus()).isIn("PROVISIONING", "PENDING", "RUNNING");
                assertThat(task.launchType()).isEqualTo(LaunchType.EXTERNAL);
                assertThat(task.group()).isEqualTo("ecs-it");
                assertThat(task.startedBy()).isEqualTo("ecs-it-runner");
                assertThat(task.memory()).isEqualTo("16");
                assertThat(task.createdAt()).isNotNull();
                assertThat(task.version()).isNotNegative();
                assertThat(task.overrides().containerOverrides()).singleElement().satisfies(o -> {
                    assertThat(o.name()).isEqualTo("main");
                    assertThat(o.environment()).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo("it"));
                });
                assertThat(task.containers()).singleElement().satisfies(c -> {
                    assertThat(c.name()).isEqualTo("main");
                    assertThat(c.image()).isEqualTo(IMAGE);
                    assertThat(c.taskArn()).isEqualTo(task.taskArn());
                    assertThat(c.containerArn()).startsWith("arn:aws:ecs:local:000000000000:container/" + cluster + "/");
                });
                assertThat(task.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("core"));
            });
            List<String> arns = ran.tasks().stream().map(Task::taskArn).toList();

            // the same token and parameters answer the same tasks; other parameters under it are a conflict
            assertThat(ecs.runTask(run).tasks()).extracting(Task::taskArn).containsExactlyElementsOf(arns);
            assertThatThrownBy(() -> ecs.runTask(run.toBuilder().count(1).build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("clientToken");

            // the SDK's waiter, with its own delay (6 s) and acceptors
            WaiterResponse<DescribeTasksResponse> running = ecs.waiter()
                    .waitUntilTasksRunning(b -> b.cluster(cluster).tasks(arns));
            assertThat(running.matched().response()).hasValueSatisfying(r -> assertThat(r.tasks())
                    .hasSize(2).allSatisfy(task -> {
                        assertThat(task.lastStatus()).isEqualTo("RUNNING");
                        assertThat(task.startedAt()).isNotNull();
                        assertThat(task.pullStartedAt()).isNotNull();
                        assertThat(task.connectivity()).isNotNull();
                        Container c = task.containers().getFirst();
                        assertThat(c.lastStatus()).isEqualTo("RUNNING");
                        assertThat(c.runtimeId()).isNotBlank();
                    }));
            assertThat(RigHosts.running(1, clusterArn).size() + RigHosts.running(2, clusterArn).size()).isEqualTo(2);

            String unknownArn = taskArn(UNKNOWN_ID);
            DescribeTasksResponse described = ecs.describeTasks(b -> b.cluster(clusterArn)
                    .tasks(arns.get(0), taskIdOf(arns.get(1)), UNKNOWN_ID).include(TaskField.TAGS));
            assertThat(described.tasks()).extracting(Task::taskArn).containsExactlyElementsOf(arns);
            assertThat(described.tasks()).allSatisfy(task -> assertThat(task.tags()).singleElement()
                    .satisfies(t -> assertThat(t.key()).isEqualTo("team")));
            assertThat(ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks())
                    .as("tags only with include TAGS").noneMatch(Task::hasTags);
            assertThat(described.failures()).singleElement().satisfies(f -> {
                assertThat(f.arn()).isEqualTo(unknownArn);
                assertThat(f.reason()).isEqualTo("MISSING");
            });
            // a task that does not exist fails the waiter at once (its MISSING acceptor), not after 100 tries
            assertThatThrownBy(() -> ecs.waiter().waitUntilTasksRunning(b -> b.cluster(cluster).tasks(UNKNOWN_ID)))
                    .isInstanceOf(SdkClientException.class).hasMessageContaining("MISSING");

            assertThat(listed(ecs, b -> b.cluster(cluster))).containsExactlyInAnyOrderElementsOf(arns);
            assertThat(listed(ecs, b -> b.cluster(cluster).family(family))).containsExactlyInAnyOrderElementsOf(arns);
            assertThat(listed(ecs, b -> b.cluster(cluster).startedBy("ecs-it-runner"))).containsExactlyInAnyOrderElementsOf(arns);
            assertThat(listed(ecs, b -> b.cluster(cluster).startedBy("someone-else"))).isEmpty();
            assertThat(listed(ecs, b -> b.cluster(cluster).launchType(LaunchType.EXTERNAL))).hasSize(2);
            assertThat(listed(ecs, b -> b.cluster(cluster).launchType(LaunchType.EC2))).as("run as EC2").hasSize(2);
            assertThat(listed(ecs, b -> b.cluster(cluster).launchType(LaunchType.FARGATE))).isEmpty();
            List<String> onA = ran.tasks().stream().filter(t -> t.containerInstanceArn().endsWith("/" + a))
                    .map(Task::taskArn).toList();
            assertThat(listed(ecs, b -> b.cluster(cluster).containerInstance(a))).containsExactlyInAnyOrderElementsOf(onA);
            assertThatThrownBy(() -> ecs.listTasks(b -> b.cluster(cluster).startedBy("ecs-it-runner").family(family)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("startedBy");
            List<String> paged = new ArrayList<>();
            int pages = 0;
            for (ListTasksResponse page : ecs.listTasksPaginator(b -> b.cluster(cluster).maxResults(1))) {
                pages++;
                assertThat(page.taskArns()).hasSizeLessThanOrEqualTo(1);
                paged.addAll(page.taskArns());
            }
            assertThat(paged).containsExactlyInAnyOrderElementsOf(arns);
            assertThat(pages).isGreaterThanOrEqualTo(2);

            Task stopping = ecs.stopTask(b -> b.cluster(cluster).task(arns.get(0)).reason("ecs-it is done")).task();
            assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
            WaiterResponse<DescribeTasksResponse> stopped = ecs.waiter()
                    .waitUntilTasksStopped(b -> b.cluster(cluster).tasks(arns.get(0)));
            assertThat(stopped.matched().response()).hasValueSatisfying(r -> assertThat(r.tasks())
                    .singleElement().satisfies(task -> {
                        assertThat(task.lastStatus()).isEqualTo("STOPPED");
                        assertThat(task.stoppedReason()).isEqualTo("ecs-it is done");
                        assertThat(task.stopCodeAsString()).isEqualTo("UserInitiated");
                        assertThat(task.stoppingAt()).isNotNull();
                        assertThat(task.stoppedAt()).isNotNull();
                        assertThat(task.containers().getFirst().lastStatus()).isEqualTo("STOPPED");
                        assertThat(task.containers().getFirst().exitCode()).isNotNull();
                    }));
            // waiting for running tasks that stopped fails at once (the STOPPED acceptor)
            assertThatThrownBy(() -> ecs.waiter().waitUntilTasksRunning(b -> b.cluster(cluster).tasks(arns)))
                    .isInstanceOf(SdkClientException.class).hasMessageContaining("STOPPED");
            assertThat(listed(ecs, b -> b.cluster(cluster))).containsExactly(arns.get(1));
            assertThat(listed(ecs, b -> b.cluster(cluster).desiredStatus("STOPPED"))).containsExactly(arns.get(0));
            ecs.stopTask(b -> b.cluster(cluster).task(arns.get(1)));
        }
    }

    @Test
    void startTaskRunsOnTheNamedInstanceAndReportsMissingAndInactiveOnes() {
        String a = register(1);
        String gone = register(2);
        call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/container-instances/" + gone + "?force=true", null, 200);
        String family = taskDefinition(List.of(container("main", 16, SERVE)));
        try (EcsClient ecs = EcsClients.of(port)) {
            StartTaskResponse started = ecs.startTask(b -> b.cluster(cluster).taskDefinition(family + ":1")
                    .containerInstances(a, UNKNOWN_ID, instanceArn(gone)).startedBy("ecs-starter"));
            assertThat(started.tasks()).singleElement().satisfies(task -> {
                assertThat(task.containerInstanceArn()).isEqualTo(instanceArn(a));
                assertThat(task.startedBy()).isEqualTo("ecs-starter");
                assertThat(task.group()).isEqualTo("family:" + family);
            });
            assertThat(started.failures()).extracting(Failure::arn, Failure::reason).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(instanceArn(UNKNOWN_ID), "MISSING"),
                    org.assertj.core.groups.Tuple.tuple(instanceArn(gone), "INACTIVE"));
            String arn = started.tasks().getFirst().taskArn();
            ecs.waiter().waitUntilTasksRunning(b -> b.cluster(cluster).tasks(arn));
            assertThat(RigHosts.running(1, clusterArn)).hasSize(1);
            assertThat(listed(ecs, b -> b.cluster(cluster).containerInstance(instanceArn(a)))).containsExactly(arn);

            assertThatThrownBy(() -> ecs.startTask(b -> b.cluster(cluster).taskDefinition(family)
                    .containerInstances(Collections.nCopies(11, a))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("containerInstances");
            ecs.stopTask(b -> b.cluster(cluster).task(arn));
        }
    }

    @Test
    void aTaskThatFitsNowhereIsAFailureAndBadRequestsAreTheSdksExceptions() {
        String a = register(1);
        JsonNode instance = instance(a);
        int memory = resource(instance.get("registeredResources"), "MEMORY");
        String huge = taskDefinition(List.of(container("main", memory + 1024, "sleep 300")));
        String small = taskDefinition(List.of(container("main", 16, SERVE)));
        try (EcsClient ecs = EcsClients.of(port)) {
            RunTaskResponse refused = ecs.runTask(b -> b.cluster(cluster).taskDefinition(huge).count(2));
            assertThat(refused.tasks()).isEmpty();
            assertThat(refused.failures()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY");
                assertThat(f.arn()).isEqualTo(instanceArn(a));
            });

            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("ecs-no-such-cluster").taskDefinition(small)))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.describeTasks(b -> b.cluster("ecs-no-such-cluster").tasks(UNKNOWN_ID)))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small).count(11)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("count");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small).count(0)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("count");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .launchType(LaunchType.FARGATE)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("launchType");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets("subnet-1")))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("networkConfiguration");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .capacityProviderStrategy(s -> s.capacityProvider("FARGATE_SPOT"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("capacityProviderStrategy");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .placementStrategy(s -> s.type("binpack").field("disk"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("placementStrategy");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .overrides(o -> o.taskRoleArn("arn:aws:iam::000000000000:role/app"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("taskRoleArn");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(small)
                    .enableExecuteCommand(true)))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("enableExecuteCommand");
            assertThatThrownBy(() -> ecs.describeTasks(b -> b.cluster(cluster)
                    .tasks(Collections.nCopies(101, UNKNOWN_ID))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tasks");
            assertThatThrownBy(() -> ecs.stopTask(b -> b.cluster(cluster).task(UNKNOWN_ID)))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> ecs.listTasks(b -> b.cluster(cluster).desiredStatus("SLEEPING")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("desiredStatus");
        }
        assertThat(RigHosts.containers(1, clusterArn)).isEmpty();
    }

    @Test
    void runTaskInAClusterWithoutInstancesIsRefusedAsEcsRefusesIt() {
        String family = taskDefinition(List.of(container("main", 16, SERVE)));
        try (EcsClient ecs = EcsClients.of(port)) {
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster).taskDefinition(family)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("No Container Instances were found in your cluster.");
        }
    }

    private List<String> listed(EcsClient ecs,
            java.util.function.Consumer<software.amazon.awssdk.services.ecs.model.ListTasksRequest.Builder> request) {
        return ecs.listTasks(request).taskArns();
    }

    private String instanceArn(String id) {
        return clusterArn.replace(":cluster/", ":container-instance/") + "/" + id;
    }

    private static String taskIdOf(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
