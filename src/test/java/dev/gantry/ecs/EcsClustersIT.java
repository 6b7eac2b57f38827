package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ECS protocol's transport and its cluster actions, driven by the real AWS SDK for Java v2 on a real PostgreSQL:
 * shapes, errors the SDK maps to its exception classes, partial failures, pagination, the request id, and the
 * refusals only a hand-made request can provoke.
 */
@GantryIntegrationTest
class EcsClustersIT {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void createDescribeListAndDeleteAClusterThroughTheSdk() {
        try (EcsClient ecs = EcsClients.of(port)) {
            CreateClusterResponse created = ecs.createCluster(b -> b.clusterName("ecs-one")
                    .tags(t -> t.key("team").value("core")).settings(s -> s.name("containerInsights").value("enabled")));
            assertThat(created.cluster().clusterArn()).isEqualTo("arn:aws:ecs:local:000000000000:cluster/ecs-one");
            assertThat(created.cluster().status()).isEqualTo("ACTIVE");
            assertThat(created.responseMetadata().requestId()).matches("[0-9a-f-]{36}");

            DescribeClustersResponse described = ecs.describeClusters(b -> b.clusters("ecs-one", "ecs-none",
                    "arn:aws:ecs:local:000000000000:cluster/ecs-one").include(ClusterField.TAGS, ClusterField.STATISTICS));
            assertThat(described.clusters()).hasSize(2).allSatisfy(cluster -> {
                assertThat(cluster.clusterName()).isEqualTo("ecs-one");
                assertThat(cluster.tags()).singleElement().satisfies(tag -> assertThat(tag.key()).isEqualTo("team"));
                assertThat(cluster.statistics()).extracting(s -> s.name()).contains("runningEC2TasksCount");
                assertThat(cluster.registeredContainerInstancesCount()).isZero();
            });
            assertThat(described.failures()).singleElement().satisfies(failure -> {
                assertThat(failure.arn()).isEqualTo("arn:aws:ecs:local:000000000000:cluster/ecs-none");
                assertThat(failure.reason()).isEqualTo("MISSING");
            });
            assertThat(ecs.describeClusters(b -> b.clusters("ecs-one")).clusters().getFirst().hasTags())
                    .as("tags only with include TAGS").isFalse();

            assertThat(ecs.deleteCluster(b -> b.cluster("ecs-one")).cluster().status()).isEqualTo("INACTIVE");
            assertThat(ecs.describeClusters(b -> b.clusters("ecs-one")).clusters().getFirst().status())
                    .isEqualTo("INACTIVE");
            assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("ecs-one")))
                    .isInstanceOf(ClusterNotFoundException.class)
                    .satisfies(e -> assertThat(((EcsException) e).statusCode()).isEqualTo(400));
        }
    }

    @Test
    void listClustersPagesWithTheSdksPaginatorAtPageSizeOne() {
        try (EcsClient ecs = EcsClients.of(port)) {
            for (String name : List.of("ecs-page-a", "ecs-page-b", "ecs-page-c")) {
                ecs.createCluster(b -> b.clusterName(name));
            }
            List<String> arns = new ArrayList<>();
            int pages = 0;
            for (ListClustersResponse page : ecs.listClustersPaginator(b -> b.maxResults(1))) {
                pages++;
                assertThat(page.clusterArns()).hasSizeLessThanOrEqualTo(1);
                arns.addAll(page.clusterArns());
            }
            assertThat(arns).contains("arn:aws:ecs:local:000000000000:cluster/ecs-page-a",
                    "arn:aws:ecs:local:000000000000:cluster/ecs-page-b",
                    "arn:aws:ecs:local:000000000000:cluster/ecs-page-c").doesNotHaveDuplicates();
            assertThat(pages).isGreaterThanOrEqualTo(arns.size());
            assertThatThrownBy(() -> ecs.listClusters(b -> b.maxResults(101)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        }
    }

    @Test
    void anActionGantryDoesNotOfferIsUnsupportedFeatureNamingItNeverASilentSuccess() {
        try (EcsClient ecs = EcsClients.of(port)) {
            assertThatThrownBy(() -> ecs.createCapacityProvider(b -> b.name("cp")))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("CreateCapacityProvider");
            assertThatThrownBy(() -> ecs.createCluster(b -> b.clusterName("ecs-cp").capacityProviders("FARGATE")))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("apacity provider");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = 'ecs-cp'").query(Long.class).single()).isZero();
    }

    @Test
    void theWireFormatIsAwsJsonOnePointOneWithRequestIdsAndEcsErrors() throws Exception {
        String basic = TestCredentials.basic();
        HttpResponse<String> basicRefused = EcsClients.raw(port,
                "AmazonEC2ContainerServiceV20141113.ListClusters", "{}", basic);
        assertThat(basicRefused.statusCode()).as("ECS accepts only SigV4").isEqualTo(400);
        assertEcsError(basicRefused, "MissingAuthenticationTokenException");

        HttpResponse<String> anonymous = EcsClients.raw(port, "AmazonEC2ContainerServiceV20141113.ListClusters",
                "{}", null);
        assertThat(anonymous.statusCode()).isEqualTo(400);
        assertEcsError(anonymous, "MissingAuthenticationTokenException");
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).isEmpty();
    }

    @Test
    void badInputIsA400NamingTheMemberAndAnUnknownTargetIsUnknownOperation() throws Exception {
        String prefix = "AmazonEC2ContainerServiceV20141113.";
        HttpResponse<String> unknown = EcsClients.signed(port, prefix + "LaunchRockets", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertEcsError(unknown, "UnknownOperationException");
        assertEcsError(EcsClients.signed(port, "DynamoDB_20120810.ListTables", "{}"), "UnknownOperationException");
        assertEcsError(EcsClients.signed(port, null, "{}"), "UnknownOperationException");

        HttpResponse<String> malformed = EcsClients.signed(port, prefix + "ListClusters", "{\"maxResults\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertEcsError(malformed, "SerializationException");
        assertEcsError(EcsClients.signed(port, prefix + "ListClusters", "[1]"), "SerializationException");

        HttpResponse<String> wrongType = EcsClients.signed(port, prefix + "ListClusters", "{\"maxResults\": \"2\"}");
        assertEcsError(wrongType, "SerializationException");
        assertThat(wrongType.body()).contains("maxResults");
        HttpResponse<String> nestedWrongType = EcsClients.signed(port, prefix + "CreateCluster",
                "{\"clusterName\": \"ecs-typed\", \"tags\": [{\"key\": 5, \"value\": \"x\"}]}");
        assertEcsError(nestedWrongType, "SerializationException");
        assertThat(nestedWrongType.body()).contains("tags[0].key");
        HttpResponse<String> badEnum = EcsClients.signed(port, prefix + "DescribeClusters",
                "{\"include\": [\"EVERYTHING\"]}");
        assertEcsError(badEnum, "InvalidParameterException");
        assertThat(badEnum.body()).contains("include");
        HttpResponse<String> badName = EcsClients.signed(port, prefix + "CreateCluster",
                "{\"clusterName\": \"no spaces\"}");
        assertEcsError(badName, "InvalidParameterException");
        assertThat(badName.body()).contains("clusterName");

        HttpResponse<String> ok = EcsClients.signed(port, prefix + "ListClusters", "");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(ok.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(json.readTree(ok.body()).has("clusterArns")).isTrue();
        assertThat(json.readTree(ok.body()).has("nextToken")).as("null members are left out").isFalse();
    }

    @Test
    void timestampsAreEpochSecondsWithFractionalMilliseconds() {
        assertThat(EcsJson.epochSeconds(java.time.Instant.parse("2023-11-14T22:13:20.123Z")).toPlainString())
                .isEqualTo("1700000000.123");
    }

    @Test
    void wrongCredentialsAreTheSdksOwnExceptionTypes() {
        try (EcsClient wrongSecret = EcsClients.of(port, TestCredentials.ACCESS_KEY_ID,
                "X" + TestCredentials.SECRET_ACCESS_KEY.substring(1));
                EcsClient unknownKey = EcsClients.of(port, "GKUNKNOWN0UNKNOWN000", TestCredentials.SECRET_ACCESS_KEY)) {
            assertThatThrownBy(() -> wrongSecret.listClusters()).isInstanceOf(EcsException.class)
                    .satisfies(e -> assertThat(((EcsException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidSignatureException"))
                    .satisfies(e -> assertThat(((EcsException) e).statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> unknownKey.listClusters()).isInstanceOf(EcsException.class)
                    .satisfies(e -> assertThat(((EcsException) e).awsErrorDetails().errorCode())
                            .isEqualTo("UnrecognizedClientException"));
        }
    }

    private void assertEcsError(HttpResponse<String> response, String type) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("__type").asString()).isEqualTo(type);
        assertThat(body.get("message").asString()).isNotBlank();
    }
}
