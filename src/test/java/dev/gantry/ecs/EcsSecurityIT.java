package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ECS protocol under the access keys of REST v1: the same roles (a READ_ONLY key writing is
 * AccessDeniedException), the same cluster limits (a cluster the key may not see is MISSING in a batch and
 * ClusterNotFoundException alone, word for word what a cluster that does not exist answers), and every mutating
 * call in the audit log with the cluster its body named, the outcome and the request id the SDK was given.
 */
@GantryIntegrationTest
class EcsSecurityIT {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient rest;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private record Key(String id, String secret) {
    }

    private Key createKey(String body) {
        String answer = rest.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        JsonNode created = json.readTree(TestCredentials.rememberSecretIn(answer));
        return new Key(created.get("accessKeyId").asString(), created.get("secretAccessKey").asString());
    }

    @Test
    void aReadOnlyKeyMayReadButNotWriteThroughTheEcsApi() {
        Key reader = createKey("{\"role\":\"READ_ONLY\"}");
        try (EcsClient ecs = EcsClients.of(port, reader.id(), reader.secret())) {
            assertThat(ecs.listClusters().clusterArns()).isNotNull();
            assertThatThrownBy(() -> ecs.createCluster(b -> b.clusterName("ecs-sec-denied")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("ecs:CreateCluster")
                    .satisfies(e -> assertThat(((AccessDeniedException) e).statusCode()).isEqualTo(400));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = 'ecs-sec-denied'").query(Long.class).single())
                .isZero();
    }

    @Test
    void aKeyOfClusterASeesClusterBExactlyAsAClusterThatDoesNotExist() {
        try (EcsClient admin = EcsClients.of(port)) {
            admin.createCluster(b -> b.clusterName("ecs-sec-a"));
            admin.createCluster(b -> b.clusterName("ecs-sec-b"));
        }
        Key ofA = createKey("{\"role\":\"ADMIN\",\"clusters\":[\"ecs-sec-a\"]}");
        try (EcsClient ecs = EcsClients.of(port, ofA.id(), ofA.secret())) {
            DescribeClustersResponse described = ecs.describeClusters(b -> b.clusters("ecs-sec-a", "ecs-sec-b",
                    "ecs-sec-z"));
            assertThat(described.clusters()).extracting(c -> c.clusterName()).containsExactly("ecs-sec-a");
            assertThat(described.failures()).extracting(f -> f.arn() + " " + f.reason()).containsExactly(
                    "arn:aws:ecs:local:000000000000:cluster/ecs-sec-b MISSING",
                    "arn:aws:ecs:local:000000000000:cluster/ecs-sec-z MISSING");

            String hidden = refusal(() -> ecs.deleteCluster(b -> b.cluster("ecs-sec-b")));
            String missing = refusal(() -> ecs.deleteCluster(b -> b.cluster("ecs-sec-z")));
            assertThat(hidden).isEqualTo(missing).isEqualTo("ClusterNotFoundException: Cluster not found.");

            assertThat(ecs.listClusters().clusterArns())
                    .containsExactly("arn:aws:ecs:local:000000000000:cluster/ecs-sec-a");
        }
        assertThat(jdbc.sql("SELECT status FROM cluster WHERE name = 'ecs-sec-b' ORDER BY id DESC LIMIT 1")
                .query(String.class).single()).isEqualTo("ACTIVE");
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (ClusterNotFoundException e) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("expected ClusterNotFoundException");
    }

    @Test
    void everyMutatingEcsCallIsAuditedWithItsClusterOutcomeAndRequestId() {
        Key reader = createKey("{\"role\":\"READ_ONLY\"}");
        String createdId;
        try (EcsClient ecs = EcsClients.of(port)) {
            CreateClusterResponse created = ecs.createCluster(b -> b.clusterName("ecs-sec-audited"));
            createdId = created.responseMetadata().requestId();
            assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("ecs-sec-never")))
                    .isInstanceOf(ClusterNotFoundException.class);
            ecs.listClusters();
        }
        try (EcsClient ecs = EcsClients.of(port, reader.id(), reader.secret())) {
            assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("ecs-sec-audited")))
                    .isInstanceOf(AccessDeniedException.class);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> rows = jdbc.sql("""
                    SELECT access_key_id, protocol, action, cluster, target, status, outcome, request_id
                      FROM audit_event WHERE cluster IN ('ecs-sec-audited', 'ecs-sec-never')
                         OR target = 'ecs-sec-audited' ORDER BY id""").query().listOfRows();
            assertThat(rows).extracting(r -> r.get("action") + " " + r.get("outcome") + " " + r.get("status"))
                    .containsExactly("CreateCluster ALLOWED 200", "DeleteCluster REJECTED 400",
                            "DeleteCluster DENIED 400");
            assertThat(rows.getFirst().get("request_id")).isEqualTo(createdId);
            assertThat(rows.getFirst().get("protocol")).isEqualTo("sigv4");
            assertThat(rows.get(2).get("access_key_id")).isEqualTo(reader.id());
        });
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ListClusters'").query(Long.class)
                .single()).as("reads are not audited").isZero();
    }

    @Autowired
    EcsEndpoint endpoint;

    /** Every action EcsActions says Gantry offers has an operation (else it would answer UnsupportedFeature). */
    @Test
    void theEndpointServesEveryActionOfTheTableAndNothingElse() {
        assertThat(endpoint.actions()).containsExactlyInAnyOrderElementsOf(dev.gantry.security.EcsActions.names());
        assertThat(dev.gantry.security.EcsActions.names()).hasSize(35);
    }

    @Test
    void aBrowserOpeningTheRootIsSentToTheApiPageWithoutCredentials() throws Exception {
        HttpResponse<String> home = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("swagger-ui.html"));
    }
}
