package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ECS service actions through the real AWS SDK for Java v2 on real rig Docker hosts: a service created, made
 * stable, rolled to a new revision and stable again, its deployments listed and described, deleted and drained to
 * INACTIVE, with the SDK's own waiters at their real timing (DescribeServices every 15 s), pagination at page size
 * 1 and the default page of 10, partial failures and every refusal the SDK maps to its exception classes. Hosts and
 * task definitions are set up through REST v1 (the other ECS actions are not what this test is about).
 */
@GantryIntegrationTest
class EcsServicesIT {

    private static final String ACCOUNT = "arn:aws:ecs:local:000000000000:";

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void aServiceGoesStableRollsToANewRevisionAndDrainsToInactiveWithTheSdksWaiters() {
        String cluster = "ecs-svc-" + UUID.randomUUID().toString().substring(0, 8);
        String family = "ecs-svc-" + UUID.randomUUID().toString().substring(0, 8);
        String clusterArn = ACCOUNT + "cluster/" + cluster;
        String serviceArn = ACCOUNT + "service/" + cluster + "/web";
        List<String> instances = new ArrayList<>();
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster));
            for (int host : RigHosts.SHARED) {
                instances.add(rest("POST", "/v1/clusters/" + cluster + "/container-instances",
                        Map.of("dockerEndpoint", RigHosts.unixSocket(host), "availabilityZone", "zone-" + host))
                        .get("containerInstanceArn").asString());
            }
            String first = taskDefinition(family, "gantry-test/busybox:1");

            CreateServiceRequest create = CreateServiceRequest.builder().cluster(cluster).serviceName("web")
                    .taskDefinition(family).desiredCount(2).launchType(LaunchType.EXTERNAL)
                    .deploymentConfiguration(d -> d.maximumPercent(200).minimumHealthyPercent(50)
                            .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(false)))
                    .placementStrategy(p -> p.type(PlacementStrategyType.SPREAD).field("instanceId"))
                    .healthCheckGracePeriodSeconds(5).deploymentController(c -> c.type("ECS"))
                    .tags(t -> t.key("team").value("core")).clientToken("web-create-1").build();
            var created = ecs.createService(create).service();
            assertThat(created.serviceArn()).isEqualTo(serviceArn);
            assertThat(created.clusterArn()).isEqualTo(clusterArn);
            assertThat(created.status()).isEqualTo("ACTIVE");
            assertThat(created.taskDefinition()).as("a bare family is its latest ACTIVE revision").isEqualTo(first);
            assertThat(created.desiredCount()).isEqualTo(2);
            assertThat(created.launchTypeAsString()).isEqualTo("EXTERNAL");
            assertThat(created.schedulingStrategy()).isEqualTo(SchedulingStrategy.REPLICA);
            assertThat(created.deploymentController().typeAsString()).isEqualTo("ECS");
            assertThat(created.deploymentConfiguration().maximumPercent()).isEqualTo(200);
            assertThat(created.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(50);
            assertThat(created.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
            assertThat(created.placementStrategy()).singleElement()
                    .satisfies(p -> assertThat(p.field()).isEqualTo("instanceId"));
            assertThat(created.healthCheckGracePeriodSeconds()).isEqualTo(5);
            assertThat(created.roleArn()).isNull();
            assertThat(created.tags()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("team"));
            assertThat(created.createdAt()).isNotNull();
            assertThat(created.deployments()).singleElement().satisfies(d -> {
                assertThat(d.id()).matches("ecs-svc/[0-9]{19}");
                assertThat(d.status()).isEqualTo("PRIMARY");
                assertThat(d.taskDefinition()).isEqualTo(first);
                assertThat(d.desiredCount()).isEqualTo(2);
                assertThat(d.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
                assertThat(d.createdAt()).isNotNull();
            });
            assertThat(ecs.createService(create).service().serviceArn()).as("an identical request is idempotent")
                    .isEqualTo(serviceArn);
            assertThatThrownBy(() -> ecs.createService(create.toBuilder().desiredCount(3).build()))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("Creation of service was not idempotent.");

            // refusals, while the tasks start
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("lb").taskDefinition(family)
                    .desiredCount(1).loadBalancers(lb -> lb.containerName("main").containerPort(80)
                            .targetGroupArn("arn:aws:elasticloadbalancing:local:000000000000:targetgroup/tg/1"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("loadBalancers");
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("fg").taskDefinition(family)
                    .desiredCount(1).launchType(LaunchType.FARGATE)))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("FARGATE");
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("cd").taskDefinition(family)
                    .desiredCount(1).deploymentController(c -> c.type("CODE_DEPLOY"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("CODE_DEPLOY");
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("vpc").taskDefinition(family)
                    .desiredCount(1).networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("awsvpcConfiguration");
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("nodesired")
                    .taskDefinition(family)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("desiredCount");
            assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster).service("nothere").desiredCount(1)))
                    .isInstanceOf(ServiceNotFoundException.class);
            assertThatThrownBy(() -> ecs.describeServices(b -> b.cluster(cluster)
                    .services("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("services");

            DescribeServicesResponse described = ecs.describeServices(b -> b.cluster(cluster)
                    .services("web", "nothere").include(ServiceField.TAGS));
            assertThat(described.services()).singleElement().satisfies(s -> {
                assertThat(s.serviceName()).isEqualTo("web");
                assertThat(s.tags()).singleElement().satisfies(t -> {
                    assertThat(t.key()).isEqualTo("team");
                    assertThat(t.value()).isEqualTo("core");
                });
            });
            assertThat(ecs.describeServices(b -> b.cluster(cluster).services("web")).services().getFirst().hasTags())
                    .as("tags only with include TAGS").isFalse();
            assertThat(described.failures()).singleElement().satisfies(f -> {
                assertThat(f.arn()).isEqualTo(ACCOUNT + "service/" + cluster + "/nothere");
                assertThat(f.reason()).isEqualTo("MISSING");
            });

            WaiterResponse<DescribeServicesResponse> stable = ecs.waiter()
                    .waitUntilServicesStable(b -> b.cluster(cluster).services("web"));
            assertThat(stable.matched().response()).hasValueSatisfying(r -> {
                assertThat(r.services().getFirst().runningCount()).isEqualTo(2);
                assertThat(r.services().getFirst().deployments()).hasSize(1);
            });
            assertThat(RigHosts.countRunning(RigHosts.SHARED, clusterArn, "web")).isEqualTo(2);
            awaitRollout(ecs, cluster, "COMPLETED");

            String second = taskDefinition(family, "gantry-test/busybox:2");
            var updated = ecs.updateService(b -> b.cluster(cluster).service("web").taskDefinition(family)).service();
            assertThat(updated.taskDefinition()).isEqualTo(second);
            assertThat(updated.deployments()).extracting(Deployment::status).containsExactly("PRIMARY", "ACTIVE");
            assertThat(updated.deployments().getFirst().taskDefinition()).isEqualTo(second);
            assertThat(updated.deployments().get(1).taskDefinition()).isEqualTo(first);

            // the deployment history while the rollout runs: newest first, at page size 1 by nextToken
            List<ServiceDeploymentBrief> briefs = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String next = token;
                ListServiceDeploymentsResponse page = ecs.listServiceDeployments(b -> b.cluster(cluster).service("web")
                        .maxResults(1).nextToken(next));
                assertThat(page.serviceDeployments()).hasSizeLessThanOrEqualTo(1);
                briefs.addAll(page.serviceDeployments());
                token = page.nextToken();
                pages++;
            } while (token != null && pages < 10);
            assertThat(briefs).hasSize(2);
            String newArn = ACCOUNT + "service-deployment/" + cluster + "/web/"
                    + updated.deployments().getFirst().id().substring("ecs-svc/".length());
            String oldArn = ACCOUNT + "service-deployment/" + cluster + "/web/"
                    + updated.deployments().get(1).id().substring("ecs-svc/".length());
            assertThat(briefs).extracting(ServiceDeploymentBrief::serviceDeploymentArn).containsExactly(newArn, oldArn);
            assertThat(briefs.get(1).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
            assertThat(briefs.get(1).finishedAt()).isNotNull();
            assertThat(briefs.getFirst().serviceArn()).isEqualTo(serviceArn);
            assertThat(briefs.getFirst().clusterArn()).isEqualTo(clusterArn);
            assertThat(ecs.listServiceDeployments(b -> b.cluster(cluster).service("web")
                    .status(ServiceDeploymentStatus.SUCCESSFUL)).serviceDeployments())
                    .extracting(ServiceDeploymentBrief::serviceDeploymentArn).containsExactly(oldArn);

            WaiterResponse<DescribeServicesResponse> stableAgain = ecs.waiter()
                    .waitUntilServicesStable(b -> b.cluster(cluster).services("web"));
            assertThat(stableAgain.matched().response()).hasValueSatisfying(r -> {
                assertThat(r.services().getFirst().deployments()).singleElement()
                        .satisfies(d -> assertThat(d.taskDefinition()).isEqualTo(second));
                assertThat(r.services().getFirst().runningCount()).isEqualTo(2);
            });
            awaitRollout(ecs, cluster, "COMPLETED");

            String missingArn = ACCOUNT + "service-deployment/" + cluster + "/web/1234567890123456789";
            DescribeServiceDeploymentsResponse deployments = ecs.describeServiceDeployments(b -> b
                    .serviceDeploymentArns(newArn, missingArn));
            assertThat(deployments.failures()).singleElement().satisfies(f -> {
                assertThat(f.arn()).isEqualTo(missingArn);
                assertThat(f.reason()).isEqualTo("MISSING");
            });
            assertThat(deployments.serviceDeployments()).singleElement().satisfies(d -> {
                assertThat(d.serviceDeploymentArn()).isEqualTo(newArn);
                assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
                assertThat(d.targetServiceRevision().requestedTaskCount()).isEqualTo(2);
                assertThat(d.targetServiceRevision().runningTaskCount()).isEqualTo(2);
                assertThat(d.targetServiceRevision().arn()).startsWith(ACCOUNT + "service-revision/" + cluster + "/web/");
                assertThat(d.sourceServiceRevisions()).singleElement()
                        .satisfies(s -> assertThat(s.runningTaskCount()).isZero());
                assertThat(d.deploymentCircuitBreaker().statusAsString()).isEqualTo("MONITORING_COMPLETE");
                assertThat(d.startedAt()).isNotNull();
                assertThat(d.finishedAt()).isNotNull();
            });
            assertThatThrownBy(() -> ecs.describeServiceDeployments(b -> b.serviceDeploymentArns("web")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("serviceDeploymentArns");

            assertThatThrownBy(() -> ecs.deleteService(b -> b.cluster(cluster).service("web")))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("The service cannot be stopped while it is scaled above 0.");
            var deleted = ecs.deleteService(b -> b.cluster(cluster).service("web").force(true)).service();
            assertThat(deleted.status()).isEqualTo("DRAINING");
            assertThat(deleted.desiredCount()).isZero();
            assertThat(ecs.listServices(b -> b.cluster(cluster)).serviceArns()).doesNotContain(serviceArn);
            assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster).service("web").desiredCount(1)))
                    .isInstanceOf(ServiceNotActiveException.class);
            WaiterResponse<DescribeServicesResponse> inactive = ecs.waiter()
                    .waitUntilServicesInactive(b -> b.cluster(cluster).services("web"));
            assertThat(inactive.matched().response()).hasValueSatisfying(
                    r -> assertThat(r.services().getFirst().status()).isEqualTo("INACTIVE"));
            assertThat(RigHosts.countRunning(RigHosts.SHARED, clusterArn, "web")).isZero();
        } finally {
            for (String instance : instances) {
                http.delete().uri("/v1/clusters/" + cluster + "/container-instances/"
                        + instance.substring(instance.lastIndexOf('/') + 1) + "?force=true").exchange();
            }
            RigHosts.removeClusterEverywhere(clusterArn);
        }
    }

    @Test
    void listServicesPagesByTenByDefaultAndByOneWithThePaginatorAndACLusterWithServicesCannotBeDeleted() {
        String cluster = "ecs-svcs-" + UUID.randomUUID().toString().substring(0, 8);
        String family = "ecs-svcs-" + UUID.randomUUID().toString().substring(0, 8);
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster));
            String td = taskDefinition(family, "gantry-test/busybox:1");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                String name = "idle-" + (char) ('a' + i);
                expected.add(ACCOUNT + "service/" + cluster + "/" + name);
                ecs.createService(b -> b.cluster(cluster).serviceName(name).taskDefinition(td).desiredCount(0));
            }
            ecs.createService(b -> b.cluster(cluster).serviceName("zz-daemon").taskDefinition(td)
                    .schedulingStrategy(SchedulingStrategy.DAEMON));

            ListServicesResponse firstPage = ecs.listServices(b -> b.cluster(cluster));
            assertThat(firstPage.serviceArns()).as("ListServices' default page is 10").hasSize(10);
            assertThat(firstPage.nextToken()).isNotNull();

            List<String> all = new ArrayList<>();
            int pages = 0;
            for (ListServicesResponse page : ecs.listServicesPaginator(b -> b.cluster(cluster).maxResults(1))) {
                assertThat(page.serviceArns()).hasSizeLessThanOrEqualTo(1);
                all.addAll(page.serviceArns());
                pages++;
            }
            assertThat(all).doesNotHaveDuplicates().containsAll(expected)
                    .contains(ACCOUNT + "service/" + cluster + "/zz-daemon").hasSize(12);
            assertThat(pages).isGreaterThanOrEqualTo(12);
            assertThat(ecs.listServices(b -> b.cluster(cluster).schedulingStrategy(SchedulingStrategy.DAEMON)
                    .maxResults(100)).serviceArns()).containsExactly(ACCOUNT + "service/" + cluster + "/zz-daemon");
            assertThat(ecs.listServices(b -> b.cluster(cluster).launchType(LaunchType.FARGATE)).serviceArns())
                    .isEmpty();
            assertThat(ecs.listServices(b -> b.cluster(cluster).launchType(LaunchType.EC2).maxResults(100))
                    .serviceArns()).hasSize(12);

            assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster(cluster)))
                    .isInstanceOf(ClusterContainsServicesException.class);
            // a service scaled to 0 is deleted without force
            assertThat(ecs.deleteService(b -> b.cluster(cluster).service("idle-a")).service().status())
                    .isEqualTo("DRAINING");
        }
    }

    /** Waits (polling, not sleeping) for the PRIMARY deployment's rolloutState. */
    private void awaitRollout(EcsClient ecs, String cluster, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> ecs
                .describeServices(b -> b.cluster(cluster).services("web")).services().getFirst().deployments()
                .getFirst().rolloutStateAsString().equals(state));
    }

    private String taskDefinition(String family, String image) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "main");
        container.put("image", image);
        container.put("memory", 32);
        container.put("cpu", 16);
        container.put("essential", true);
        container.put("command", List.of("sh", "-c", "sleep 3600"));
        return rest("POST", "/v1/task-definitions", Map.of("family", family, "containerDefinitions", List.of(container)))
                .get("taskDefinition").get("taskDefinitionArn").asString();
    }

    private JsonNode rest(String method, String uri, Object body) {
        EntityExchangeResult<String> result = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri)
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange().returnResult(String.class);
        assertThat(result.getStatus().value()).as("%s %s: %s", method, uri, result.getResponseBody()).isEqualTo(200);
        return json.readTree(result.getResponseBody());
    }
}
