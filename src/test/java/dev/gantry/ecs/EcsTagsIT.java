package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import dev.gantry.TestCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TagResource, UntagResource and ListTagsForResource on every resource type Gantry tags (clusters, task definitions,
 * services, tasks and container instances, made through REST v1 with tags at creation), through the real AWS SDK;
 * ECS's limits refused naming the member; a cluster-limited key answered for another cluster's resources exactly as
 * for resources that do not exist; UpdateCluster and UpdateClusterSettings.
 */
@GantryIntegrationTest
class EcsTagsIT {

    private static final String ARN = "arn:aws:ecs:local:000000000000:";

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Autowired
    JsonMapper json;

    private JsonNode post(String uri, String body) {
        return json.readTree(http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody());
    }

    private JsonNode get(String uri) {
        return json.readTree(http.get().uri(uri).exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseBody());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> keys(List<Tag> tags) {
        return tags.stream().map(t -> t.key() + "=" + t.value()).toList();
    }

    private static List<String> keys(JsonNode tags) {
        List<String> keys = new ArrayList<>();
        tags.forEach(t -> keys.add(t.get("key").asString() + "=" + t.get("value").asString()));
        return keys;
    }

    @Test
    void everyResourceTypeIsTaggedAtCreationThenTaggedUntaggedAndListedByArn() {
        String cluster = unique("ecs-tags");
        String family = unique("ecs-tags-td");
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster).tags(t -> t.key("made").value("sdk")));
            JsonNode definition = post("/v1/task-definitions", """
                    {"family":"%s","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1","memory":16,
                     "command":["sleep","120"]}],"tags":[{"key":"made","value":"rest"}]}""".formatted(family));
            String definitionArn = definition.get("taskDefinition").get("taskDefinitionArn").asString();
            JsonNode instance = post("/v1/clusters/" + cluster + "/container-instances", json.writeValueAsString(Map.of(
                    "dockerEndpoint", RigHosts.unixSocket(1), "tags", List.of(Map.of("key", "made", "value", "rest")))));
            assertThat(keys(instance.get("tags"))).as("REST's container instance shows its tags").containsExactly("made=rest");
            String instanceArn = instance.get("containerInstanceArn").asString();
            JsonNode service = post("/v1/clusters/" + cluster + "/services", """
                    {"serviceName":"web","taskDefinition":"%s","desiredCount":0,"tags":[{"key":"made","value":"rest"}]}"""
                    .formatted(family));
            assertThat(keys(service.get("tags"))).containsExactly("made=rest");
            String serviceArn = service.get("serviceArn").asString();
            JsonNode launched = post("/v1/clusters/" + cluster + "/tasks", """
                    {"taskDefinition":"%s","tags":[{"key":"made","value":"rest"}]}""".formatted(family));
            JsonNode task = launched.get("tasks").get(0);
            assertThat(keys(task.get("tags"))).containsExactly("made=rest");
            String taskArn = task.get("taskArn").asString();
            try {
                String clusterArn = ARN + "cluster/" + cluster;
                for (String arn : List.of(clusterArn, definitionArn, instanceArn, serviceArn, taskArn)) {
                    assertThat(keys(ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())).as(arn)
                            .containsExactly(arn.equals(clusterArn) ? "made=sdk" : "made=rest");
                    ecs.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("core"),
                            t -> t.key("made").value("again")));
                    assertThat(keys(ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())).as(arn)
                            .containsExactly("made=again", "team=core");
                    ecs.untagResource(b -> b.resourceArn(arn).tagKeys("made", "not-there"));
                    assertThat(keys(ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())).as(arn)
                            .containsExactly("team=core");
                    // a tag may be a bare key, as in ECS: it comes back without a value
                    ecs.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("flag")));
                    assertThat(keys(ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())).as(arn)
                            .containsExactly("team=core", "flag=null");
                    ecs.untagResource(b -> b.resourceArn(arn).tagKeys("flag"));
                }

                assertThat(keys(ecs.describeClusters(b -> b.clusters(cluster).include(ClusterField.TAGS)).clusters()
                        .getFirst().tags())).containsExactly("team=core");
                assertThat(ecs.describeClusters(b -> b.clusters(cluster)).clusters().getFirst().hasTags()).isFalse();
                assertThat(keys(ecs.describeTaskDefinition(b -> b.taskDefinition(definitionArn)
                        .include(TaskDefinitionField.TAGS)).tags())).containsExactly("team=core");
                assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(definitionArn)).hasTags()).isFalse();
                assertThat(keys(ecs.describeServices(b -> b.cluster(cluster).services(serviceArn)
                        .include(ServiceField.TAGS)).services().getFirst().tags())).containsExactly("team=core");
                assertThat(ecs.describeServices(b -> b.cluster(cluster).services(serviceArn)).services().getFirst()
                        .hasTags()).isFalse();
                assertThat(keys(ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArn).include(TaskField.TAGS))
                        .tasks().getFirst().tags())).containsExactly("team=core");
                assertThat(ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArn)).tasks().getFirst().hasTags()).isFalse();
                assertThat(keys(ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(instanceArn)
                        .include(ContainerInstanceField.TAGS)).containerInstances().getFirst().tags()))
                        .containsExactly("team=core");
                assertThat(ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(instanceArn))
                        .containerInstances().getFirst().hasTags()).isFalse();
                // REST v1's views show what the ECS calls changed
                assertThat(keys(get("/v1/clusters/" + cluster).get("tags"))).containsExactly("team=core");
                assertThat(keys(get("/v1/task-definitions/" + family + ":1").get("tags"))).containsExactly("team=core");
                assertThat(keys(get("/v1/clusters/" + cluster + "/services/web").get("tags"))).containsExactly("team=core");
                assertThat(keys(get("/v1/clusters/" + cluster + "/tasks/" + taskArn.substring(taskArn.lastIndexOf('/') + 1))
                        .get("tags"))).containsExactly("team=core");
                assertThat(keys(get("/v1/clusters/" + cluster + "/container-instances/"
                        + instanceArn.substring(instanceArn.lastIndexOf('/') + 1)).get("tags"))).containsExactly("team=core");
                // a task definition's tags are no part of the revision it is: the definition is unchanged
                assertThat(get("/v1/task-definitions/" + family + ":1").get("taskDefinition"))
                        .isEqualTo(definition.get("taskDefinition"));
            } finally {
                String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
                post("/v1/clusters/" + cluster + "/tasks/" + taskId + "/stop", "{}");
                // stopped on the host before the host leaves the cluster, so no container outlives the test on h1
                await().atMost(Duration.ofSeconds(60)).until(() -> "STOPPED".equals(
                        get("/v1/clusters/" + cluster + "/tasks/" + taskId).get("lastStatus").asString()));
                http.delete().uri("/v1/clusters/" + cluster + "/services/web?force=true").exchange();
                http.delete().uri("/v1/clusters/" + cluster + "/container-instances/"
                        + instanceArn.substring(instanceArn.lastIndexOf('/') + 1) + "?force=true").exchange();
            }
        }
    }

    @Test
    void ecsLimitsAreRefusedNamingTheMemberAndNothingChanges() {
        String cluster = unique("ecs-tags-limits");
        String clusterArn = ARN + "cluster/" + cluster;
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster));
            List<Tag> fiftyOne = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn).tags(fiftyOne)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tags");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn).tags(t -> t.key("aws:owner").value("x"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tags[0].key");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn).tags(t -> t.key("k".repeat(129)).value("x"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tags[0].key");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn).tags(t -> t.key("k").value("v".repeat(257)))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tags[0].value");
            // 50 at most in all: 30 and then 21 more is refused, and the 30 stay
            ecs.tagResource(b -> b.resourceArn(clusterArn).tags(fiftyOne.subList(0, 30)));
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn).tags(fiftyOne.subList(30, 51))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("50");
            assertThat(ecs.listTagsForResource(b -> b.resourceArn(clusterArn)).tags()).hasSize(30);
            assertThatThrownBy(() -> ecs.untagResource(b -> b.resourceArn(clusterArn).tagKeys("aws:owner")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tagKeys[0]");
            // creating with too many tags is refused the same way
            assertThatThrownBy(() -> ecs.createCluster(b -> b.clusterName(unique("ecs-tags-many")).tags(fiftyOne)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tags");

            // ARNs Gantry does not tag, or not of this Gantry
            assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn(ARN + "capacity-provider/cp")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("resourceArn");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn("arn:aws:ecs:local:111111111111:cluster/" + cluster)
                    .tags(t -> t.key("a").value("b")))).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("resourceArn");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn("web").tags(t -> t.key("a").value("b"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("resourceArn");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(ARN + "service/web").tags(t -> t.key("a").value("b"))))
                    .as("a legacy short ARN names no cluster").isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("resourceArn");

            // what does not exist
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(ARN + "cluster/" + unique("none"))
                    .tags(t -> t.key("a").value("b")))).isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(ARN + "service/" + unique("none") + "/web")
                    .tags(t -> t.key("a").value("b")))).isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(ARN + "service/" + cluster + "/none")
                    .tags(t -> t.key("a").value("b")))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> ecs.untagResource(b -> b.resourceArn(ARN + "task/" + cluster + "/"
                    + "0".repeat(32)).tagKeys("a"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(ARN + "task-definition/" + unique("none") + ":1")
                    .tags(t -> t.key("a").value("b")))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn(ARN + "container-instance/" + cluster + "/"
                    + "0".repeat(32)))).isInstanceOf(InvalidParameterException.class).hasMessageContaining("resourceArn");
        }
    }

    @Test
    void aClusterLimitedKeyCannotTagWhatIsInAClusterItDoesNotSeeAndIsAnsweredAsIfItDidNotExist() {
        String seen = unique("ecs-tags-seen");
        String hidden = unique("ecs-tags-hidden");
        String missing = unique("ecs-tags-missing");
        try (EcsClient admin = EcsClients.of(port)) {
            admin.createCluster(b -> b.clusterName(seen));
            admin.createCluster(b -> b.clusterName(hidden).tags(t -> t.key("owner").value("ops")));
        }
        JsonNode key = post("/v1/access-keys", "{\"role\":\"OPERATOR\",\"description\":\"EcsTagsIT\",\"clusters\":[\"" + seen + "\"]}");
        String secret = TestCredentials.remember(key.get("secretAccessKey").asString());
        try (EcsClient limited = EcsClients.of(port, key.get("accessKeyId").asString(), secret)) {
            limited.tagResource(b -> b.resourceArn(ARN + "cluster/" + seen).tags(t -> t.key("team").value("core")));
            assertThat(keys(limited.listTagsForResource(b -> b.resourceArn(ARN + "cluster/" + seen)).tags()))
                    .containsExactly("team=core");

            for (String resource : List.of("cluster/%s", "service/%s/web", "task/%s/" + "a".repeat(32),
                    "container-instance/%s/" + "b".repeat(32))) {
                Throwable ofHidden = catchEcs(() -> limited.tagResource(b -> b.resourceArn(ARN + resource.formatted(hidden))
                        .tags(t -> t.key("owner").value("me"))));
                // what a key that sees every cluster gets for a cluster that does not exist
                Throwable ofMissing;
                try (EcsClient admin = EcsClients.of(port)) {
                    ofMissing = catchEcs(() -> admin.tagResource(b -> b.resourceArn(ARN + resource.formatted(missing))
                            .tags(t -> t.key("owner").value("me"))));
                }
                assertThat(ofHidden).as(resource).isInstanceOf(ClusterNotFoundException.class);
                assertThat(ofHidden.getClass()).isEqualTo(ofMissing.getClass());
                assertThat(message(ofHidden)).isEqualTo(message(ofMissing));
                assertThat(catchEcs(() -> limited.listTagsForResource(b -> b.resourceArn(ARN + resource.formatted(hidden)))))
                        .isInstanceOf(ClusterNotFoundException.class);
                assertThat(catchEcs(() -> limited.untagResource(b -> b.resourceArn(ARN + resource.formatted(hidden))
                        .tagKeys("owner")))).isInstanceOf(ClusterNotFoundException.class);
            }
        }
        try (EcsClient admin = EcsClients.of(port)) {
            assertThat(keys(admin.listTagsForResource(b -> b.resourceArn(ARN + "cluster/" + hidden)).tags()))
                    .as("the hidden cluster's tags are untouched").containsExactly("owner=ops");
        }
    }

    @Test
    void updateClusterAndUpdateClusterSettingsStoreContainerInsightsAndRefuseWhatGantryCannotStore() {
        String cluster = unique("ecs-update");
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster).tags(t -> t.key("team").value("core")));
            var updated = ecs.updateCluster(b -> b.cluster(cluster)
                    .settings(s -> s.name(ClusterSettingName.CONTAINER_INSIGHTS).value("enabled"))).cluster();
            assertThat(updated.settings()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo("enabled"));
            assertThat(updated.clusterArn()).isEqualTo(ARN + "cluster/" + cluster);
            var settings = ecs.updateClusterSettings(b -> b.cluster(ARN + "cluster/" + cluster)
                    .settings(s -> s.name(ClusterSettingName.CONTAINER_INSIGHTS).value("disabled"))).cluster();
            assertThat(settings.settings()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo("disabled"));
            assertThat(ecs.describeClusters(b -> b.clusters(cluster).include(ClusterField.SETTINGS)).clusters().getFirst()
                    .settings()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo("disabled"));

            assertThatThrownBy(() -> ecs.updateCluster(b -> b.cluster(cluster).configuration(c -> c
                    .executeCommandConfiguration(e -> e.logging("DEFAULT")))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("configuration");
            assertThatThrownBy(() -> ecs.updateClusterSettings(b -> b.cluster(cluster)
                    .settings(s -> s.name(ClusterSettingName.CONTAINER_INSIGHTS).value("sometimes"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("settings[0].value");
            assertThatThrownBy(() -> ecs.updateClusterSettings(b -> b.cluster(unique("none"))
                    .settings(s -> s.name(ClusterSettingName.CONTAINER_INSIGHTS).value("enabled"))))
                    .isInstanceOf(ClusterNotFoundException.class);
        }
        // REST v1's UpdateCluster is the same service call
        JsonNode patched = json.readTree(http.patch().uri("/v1/clusters/" + cluster).contentType(MediaType.APPLICATION_JSON)
                .body("{\"settings\":[{\"name\":\"containerInsights\",\"value\":\"enhanced\"}]}").exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody());
        assertThat(patched.get("settings").get(0).get("value").asString()).isEqualTo("enhanced");
        assertThat(keys(patched.get("tags"))).containsExactly("team=core");
    }

    private static Throwable catchEcs(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private static String message(Throwable e) {
        return ((software.amazon.awssdk.services.ecs.model.EcsException) e).awsErrorDetails().errorMessage();
    }
}
