package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;

/**
 * Issue #13's scenario, as a person who has only used ECS runs it, with nothing but the AWS SDK for Java v2 and
 * its waiters at their real timing, on three real Docker hosts of the rig: a cluster, three hosts, two revisions,
 * tasks run and stopped, a service made stable, rolled to the new revision and stable again, a host drained and its
 * tasks moved, tags, every list paged at page size 1, and everything deleted until the service is INACTIVE.
 */
@GantryIntegrationTest
class EcsScenarioE2E {

    private static final String CLUSTER = "ecs-scenario";
    private static final String FAMILY = "ecs-scenario-web";

    @LocalServerPort
    int port;

    private static ContainerDefinition sleeper(String image) {
        return ContainerDefinition.builder().name("web").image(image).memory(32).essential(true)
                .command("sh", "-c", "sleep 3600").build();
    }

    @Test
    void theUsualEcsWorkflowRunsUnchangedAgainstGantry() {
        try (EcsClient ecs = EcsClients.of(port); EcsWaiter waiter = EcsWaiter.builder().client(ecs).build()) {
            ecs.createCluster(b -> b.clusterName(CLUSTER));
            List<String> instances = new ArrayList<>();
            for (int host : List.of(1, 2, RigHosts.DISPOSABLE)) {
                instances.add(ecs.registerContainerInstance(b -> b.cluster(CLUSTER).attributes(a -> a
                        .name(InstanceOperations.ENDPOINT).value(RigHosts.unixSocket(host))))
                        .containerInstance().containerInstanceArn());
            }
            String first = ecs.registerTaskDefinition(b -> b.family(FAMILY)
                    .containerDefinitions(sleeper("gantry-test/busybox:1"))).taskDefinition().taskDefinitionArn();
            String second = ecs.registerTaskDefinition(b -> b.family(FAMILY)
                    .containerDefinitions(sleeper("gantry-test/busybox:2"))).taskDefinition().taskDefinitionArn();
            assertThat(first).endsWith(FAMILY + ":1");
            assertThat(second).endsWith(FAMILY + ":2");

            // one-off tasks: run two, wait running, stop one, wait stopped
            List<String> tasks = ecs.runTask(b -> b.cluster(CLUSTER).taskDefinition(first).count(2)
                    .startedBy("scenario")).tasks().stream().map(Task::taskArn).toList();
            assertThat(tasks).hasSize(2);
            waiter.waitUntilTasksRunning(b -> b.cluster(CLUSTER).tasks(tasks)).matched().response()
                    .orElseThrow();
            ecs.stopTask(b -> b.cluster(CLUSTER).task(tasks.getFirst()).reason("scenario"));
            waiter.waitUntilTasksStopped(b -> b.cluster(CLUSTER).tasks(tasks.getFirst())).matched().response()
                    .orElseThrow();
            assertThat(ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(tasks.getFirst())).tasks().getFirst()
                    .stoppedReason()).isEqualTo("scenario");

            // a service: stable, rolled to the second revision, stable again with one deployment
            ecs.createService(b -> b.cluster(CLUSTER).serviceName("web").taskDefinition(first).desiredCount(3)
                    .deploymentConfiguration(d -> d.maximumPercent(200).minimumHealthyPercent(50)));
            waiter.waitUntilServicesStable(b -> b.cluster(CLUSTER).services("web")).matched().response()
                    .orElseThrow();
            ecs.updateService(b -> b.cluster(CLUSTER).service("web").taskDefinition(second));
            waiter.waitUntilServicesStable(b -> b.cluster(CLUSTER).services("web")).matched().response()
                    .orElseThrow();
            Service rolled = ecs.describeServices(b -> b.cluster(CLUSTER).services("web")).services().getFirst();
            assertThat(rolled.deployments()).singleElement().satisfies(d -> {
                assertThat(d.taskDefinition()).isEqualTo(second);
                assertThat(d.runningCount()).isEqualTo(3);
            });

            // drain the host with most of the service's tasks: they move to the others
            String drained = instances.stream().max((a, b) -> Integer.compare(serviceTasksOn(ecs, a),
                    serviceTasksOn(ecs, b))).orElseThrow();
            assertThat(serviceTasksOn(ecs, drained)).isPositive();
            assertThat(ecs.updateContainerInstancesState(b -> b.cluster(CLUSTER).containerInstances(drained)
                    .status(ContainerInstanceStatus.DRAINING)).containerInstances().getFirst().status())
                    .isEqualTo("DRAINING");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(serviceTasksOn(ecs, drained)).isZero();
                Service web = ecs.describeServices(b -> b.cluster(CLUSTER).services("web")).services().getFirst();
                assertThat(web.runningCount()).isEqualTo(3);
            });

            // tags
            String serviceArn = rolled.serviceArn();
            ecs.tagResource(b -> b.resourceArn(serviceArn).tags(t -> t.key("team").value("web")));
            assertThat(ecs.listTagsForResource(b -> b.resourceArn(serviceArn)).tags())
                    .extracting(t -> t.key() + "=" + t.value()).contains("team=web");

            // every list, a page at a time
            assertThat(all(ecs.listClustersPaginator(b -> b.maxResults(1)).clusterArns()))
                    .contains("arn:aws:ecs:local:000000000000:cluster/" + CLUSTER);
            assertThat(all(ecs.listContainerInstancesPaginator(b -> b.cluster(CLUSTER).maxResults(1))
                    .containerInstanceArns())).containsExactlyInAnyOrderElementsOf(instances);
            assertThat(all(ecs.listTaskDefinitionsPaginator(b -> b.familyPrefix(FAMILY).maxResults(1))
                    .taskDefinitionArns())).containsExactly(first, second);
            assertThat(all(ecs.listTaskDefinitionFamiliesPaginator(b -> b.familyPrefix(FAMILY).maxResults(1))
                    .families())).containsExactly(FAMILY);
            assertThat(all(ecs.listTasksPaginator(b -> b.cluster(CLUSTER).serviceName("web").maxResults(1))
                    .taskArns())).hasSize(3);
            assertThat(all(ecs.listServicesPaginator(b -> b.cluster(CLUSTER).maxResults(1)).serviceArns()))
                    .containsExactly(serviceArn);

            // and delete it all
            ecs.deleteService(b -> b.cluster(CLUSTER).service("web").force(true));
            waiter.waitUntilServicesInactive(b -> b.cluster(CLUSTER).services("web")).matched().response()
                    .orElseThrow();
            List<String> left = ecs.listTasks(b -> b.cluster(CLUSTER).desiredStatus(DesiredStatus.RUNNING))
                    .taskArns();
            left.forEach(task -> ecs.stopTask(b -> b.cluster(CLUSTER).task(task)));
            if (!left.isEmpty()) {
                waiter.waitUntilTasksStopped(b -> b.cluster(CLUSTER).tasks(left)).matched().response().orElseThrow();
            }
            for (String instance : instances) {
                ecs.deregisterContainerInstance(b -> b.cluster(CLUSTER).containerInstance(instance).force(true));
            }
            assertThat(ecs.deleteCluster(b -> b.cluster(CLUSTER)).cluster().status()).isEqualTo("INACTIVE");
        }
    }

    private static int serviceTasksOn(EcsClient ecs, String instance) {
        return ecs.listTasks(b -> b.cluster(CLUSTER).containerInstance(instance).desiredStatus(DesiredStatus.RUNNING))
                .taskArns().stream()
                .map(task -> ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(task)).tasks().getFirst())
                .filter(task -> "ecs-svc/web".equals(task.group()) || "service:web".equals(task.group()))
                .mapToInt(task -> 1).sum();
    }

    private static List<String> all(SdkIterable<String> items) {
        List<String> values = new ArrayList<>();
        items.forEach(values::add);
        return values;
    }
}
