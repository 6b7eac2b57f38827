package dev.gantry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.api.WebSliceConfiguration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of the service API alone (a {@code @WebMvcTest} slice): routes, body binding and bean validation
 * naming the field, the ETag / If-Match handshake, paging parameters, and a refusal of the service as its status and
 * ECS error name. What the service does is the integration tests' business; here it is replaced.
 */
@WebMvcTest(ServiceController.class)
@Import(WebSliceConfiguration.class)
class ServiceControllerWebTest {

    private static final ServiceView WEB = new ServiceView("arn:aws:ecs:local:000000000000:service/production/web", "web",
            "arn:aws:ecs:local:000000000000:cluster/production", "ACTIVE", 3, 3, 0, "EC2", "web:1", null, List.of(),
            List.of(), Instant.parse("2026-12-01T10:00:00Z"), List.of(), List.of(), 0, "REPLICA", null, "DISABLED", 4, List.of());

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ServiceManagement services;

    @Test
    void createServiceBindsTheBodyAndAnswersTheServiceWithItsVersionAsETag() {
        given(services.createService(eq("production"), any())).willReturn(WEB);

        assertThat(mvc.post().uri("/v1/clusters/production/services").contentType(MediaType.APPLICATION_JSON)
                .content("{\"serviceName\":\"web\",\"taskDefinition\":\"web:1\",\"desiredCount\":3}"))
                .hasStatusOk()
                .hasHeader("ETag", "\"4\"")
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.serviceArn").isEqualTo(WEB.serviceArn());
                    assertThat(json).extractingPath("$.desiredCount").isEqualTo(3);
                });
    }

    @Test
    void aDesiredCountAboveTheLimitIsA400NamingTheFieldAndTheServiceIsNotAsked() {
        assertThat(mvc.post().uri("/v1/clusters/production/services").contentType(MediaType.APPLICATION_JSON)
                .content("{\"serviceName\":\"web\",\"taskDefinition\":\"web:1\",\"desiredCount\":5001}"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("desiredCount");
                });
        verifyNoInteractions(services);
    }

    @Test
    void aServiceNameWithSpacesAndAMissingTaskDefinitionAreBothNamedInOne400() {
        assertThat(mvc.post().uri("/v1/clusters/production/services").contentType(MediaType.APPLICATION_JSON)
                .content("{\"serviceName\":\"my web\",\"desiredCount\":1}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.errors[*].field").asArray()
                .contains("serviceName", "taskDefinition");
        verifyNoInteractions(services);
    }

    @Test
    void anUnknownSchedulingStrategyIsA400NotA500() {
        assertThat(mvc.post().uri("/v1/clusters/production/services").contentType(MediaType.APPLICATION_JSON)
                .content("{\"serviceName\":\"web\",\"taskDefinition\":\"web:1\",\"schedulingStrategy\":\"SOMETIMES\"}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.code").isEqualTo("InvalidParameterException");
        verifyNoInteractions(services);
    }

    @Test
    void updateServicePassesTheIfMatchVersionOn() {
        given(services.updateService(eq("production"), eq("web"), any(), eq(4L))).willReturn(WEB);

        assertThat(mvc.patch().uri("/v1/clusters/production/services/web").header("If-Match", "\"4\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"desiredCount\":5}"))
                .hasStatusOk()
                .hasHeader("ETag", "\"4\"");
        verify(services).updateService(eq("production"), eq("web"), any(), eq(4L));
    }

    @Test
    void aMalformedIfMatchIsA400NamingTheHeader() {
        assertThat(mvc.patch().uri("/v1/clusters/production/services/web").header("If-Match", "\"four\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"desiredCount\":5}"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("If-Match");
                });
        verify(services, never()).updateService(anyString(), anyString(), any(), any());
    }

    @Test
    void aStaleVersionIsA412() {
        given(services.updateService(eq("production"), eq("web"), any(), eq(3L))).willThrow(ApiException.staleVersion(4));

        assertThat(mvc.patch().uri("/v1/clusters/production/services/web").header("If-Match", "\"3\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"desiredCount\":5}"))
                .hasStatus(412);
    }

    @Test
    void deleteServiceTakesForceAndARefusalBecomesItsStatusAndEcsName() {
        given(services.deleteService("production", "web", false)).willThrow(
                ApiException.invalidParameter("desiredCount", "scale the service to 0 first, or use force=true"));
        given(services.deleteService("production", "web", true)).willReturn(WEB);

        assertThat(mvc.delete().uri("/v1/clusters/production/services/web"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.code").isEqualTo("InvalidParameterException");
        assertThat(mvc.delete().uri("/v1/clusters/production/services/web?force=true")).hasStatusOk();
        verify(services).deleteService("production", "web", true);
    }

    @Test
    void listingServicesAndEventsPassesThePagingParameters() {
        given(services.listServices("production", 5, "tok", null)).willReturn(new Page<>(List.of(WEB), "next"));
        given(services.listEvents("production", "web", null, null)).willReturn(new Page<>(
                List.of(new ServiceView.EventView("e1", Instant.parse("2026-12-01T10:00:00Z"), "(service web) has reached a steady state.")),
                null));

        assertThat(mvc.get().uri("/v1/clusters/production/services?maxResults=5&nextToken=tok"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.items[0].serviceName").isEqualTo("web");
                    assertThat(json).extractingPath("$.nextToken").isEqualTo("next");
                });
        assertThat(mvc.get().uri("/v1/clusters/production/services/web/events"))
                .hasStatusOk()
                .bodyJson().extractingPath("$.items[0].id").isEqualTo("e1");
        verify(services).listEvents(eq("production"), eq("web"), isNull(), isNull());
    }
}
