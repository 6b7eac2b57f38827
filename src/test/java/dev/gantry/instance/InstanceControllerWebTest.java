package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.gantry.api.WebSliceConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of the container-instance API alone (a {@code @WebMvcTest} slice): an endpoint that is neither a
 * unix socket nor tcp://host:port, a bad zone, or a state outside its closed set is a 400 naming the field, and
 * nothing behind the controller is asked.
 */
@WebMvcTest(InstanceController.class)
@Import(WebSliceConfiguration.class)
class InstanceControllerWebTest {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    InstanceManagement instances;

    @Test
    void anEndpointThatIsNeitherASocketNorTcpHostPortIsRefusedNamingIt() {
        assertThat(mvc.post().uri("/v1/clusters/default/container-instances").contentType(MediaType.APPLICATION_JSON)
                .content("{\"dockerEndpoint\": \"http://10.0.0.1:2375\", \"availabilityZone\": \"zone a\"}"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[*].field").asArray()
                            .containsExactlyInAnyOrder("dockerEndpoint", "availabilityZone");
                });
        verifyNoInteractions(instances);
    }

    @Test
    void aStateOutsideItsClosedSetIsA400() {
        assertThat(mvc.put().uri("/v1/clusters/default/container-instances/abc/state")
                .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"ASLEEP\"}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.code").isEqualTo("InvalidParameterException");
        verifyNoInteractions(instances);
    }

    @Test
    void aStateRequestWithoutAStatusIsA400NamingIt() {
        assertThat(mvc.put().uri("/v1/clusters/default/container-instances/abc/state")
                .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("status");
        verifyNoInteractions(instances);
    }
}
