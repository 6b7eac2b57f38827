package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.api.WebSliceConfiguration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of the cluster API alone (a {@code @WebMvcTest} slice): routes, request binding, validation and the
 * problem+json the API answers with. What the service does is the integration tests' business; here it is replaced,
 * so that every answer below comes from the controller, its advice and the JSON mapping, not from the database.
 */
@WebMvcTest(ClusterController.class)
@Import(WebSliceConfiguration.class)
class ClusterControllerWebTest {

    private static final ClusterView PRODUCTION = new ClusterView("arn:aws:ecs:local:000000000000:cluster/production",
            "production", "ACTIVE", 2, 3, 1, 4, List.of(), List.of(), List.of(), 7);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ClusterManagement clusters;

    @Test
    void createClusterBindsTheBodyAndAnswersTheClusterShape() {
        given(clusters.createCluster(new CreateClusterRequest("production", null, null))).willReturn(PRODUCTION);

        assertThat(mvc.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .content("{\"clusterName\":\"production\"}"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.clusterArn").isEqualTo(PRODUCTION.clusterArn());
                    assertThat(json).extractingPath("$.runningTasksCount").isEqualTo(3);
                    assertThat(json).extractingPath("$.activeServicesCount").isEqualTo(4);
                });
    }

    @Test
    void createClusterWithoutABodyAsksForTheDefaultCluster() {
        given(clusters.createCluster(new CreateClusterRequest(null, null, null))).willReturn(PRODUCTION);

        assertThat(mvc.post().uri("/v1/clusters")).hasStatusOk();
        verify(clusters).createCluster(new CreateClusterRequest(null, null, null));
    }

    @Test
    void anInvalidClusterNameIsA400NamingTheFieldAndTheServiceIsNotAsked() {
        assertThat(mvc.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON)
                .content("{\"clusterName\":\"no spaces allowed\"}"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("clusterName");
                });
        verify(clusters, never()).createCluster(any());
    }

    @Test
    void malformedJsonIsA400NotA500() {
        assertThat(mvc.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).content("{\"clusterName\":"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.code").isEqualTo("InvalidParameterException");
        verify(clusters, never()).createCluster(any());
    }

    @Test
    void aMaxResultsThatIsNotANumberIsA400NamingTheParameter() {
        assertThat(mvc.get().uri("/v1/clusters?maxResults=many"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.detail").asString().contains("maxResults");
                });
    }

    @Test
    void listClustersPassesThePagingParametersAndAnswersAPage() {
        given(clusters.listClusters(10, "tok", Optional.empty())).willReturn(new Page<>(List.of(PRODUCTION), "next"));

        assertThat(mvc.get().uri("/v1/clusters?maxResults=10&nextToken=tok"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.items[0].clusterName").isEqualTo("production");
                    assertThat(json).extractingPath("$.nextToken").isEqualTo("next");
                });
    }

    @Test
    void aRefusalOfTheServiceBecomesItsStatusAndEcsErrorName() {
        given(clusters.deleteCluster("busy")).willThrow(
                ApiException.conflict("ClusterContainsServicesException", "the cluster still has services"));

        assertThat(mvc.delete().uri("/v1/clusters/busy"))
                .hasStatus(409)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("ClusterContainsServicesException");
                    assertThat(json).extractingPath("$.detail").isEqualTo("the cluster still has services");
                });
    }

    @Test
    void describeClusterTakesTheNameOrArnFromThePath() {
        given(clusters.describeCluster("production")).willReturn(PRODUCTION);

        assertThat(mvc.get().uri("/v1/clusters/production")).hasStatusOk()
                .bodyJson().extractingPath("$.clusterName").isEqualTo("production");
    }
}
