package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.gantry.api.WebSliceConfiguration;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.instance.InstanceDockerHosts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of RunTask alone (a {@code @WebMvcTest} slice): a request breaking the declared rules is a 400
 * naming every offending field at once, and nothing behind the controller is asked.
 */
@WebMvcTest(TaskController.class)
@Import(WebSliceConfiguration.class)
class TaskControllerWebTest {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    TaskManagement tasks;

    @MockitoBean
    ClusterManagement clusters;

    @MockitoBean
    InstanceDockerHosts hosts;

    private MockMvcTester.MockMvcRequestBuilder runTask(String body) {
        return mvc.post().uri("/v1/clusters/default/tasks").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void everyBrokenRuleOfARunTaskIsNamedInOneAnswer() {
        assertThat(runTask("""
                {"taskDefinition": " ", "count": 11, "startedBy": "not allowed", "clientToken": "with space"}"""))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[*].field").asArray()
                            .containsExactlyInAnyOrder("taskDefinition", "count", "startedBy", "clientToken");
                });
        verifyNoInteractions(tasks, clusters, hosts);
    }

    @Test
    void aCountBelowOneIsRefused() {
        assertThat(runTask("{\"taskDefinition\": \"web:1\", \"count\": 0}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("count");
        verifyNoInteractions(tasks, clusters, hosts);
    }

    @Test
    void aCountThatIsNotANumberIsA400NotA500() {
        assertThat(runTask("{\"taskDefinition\": \"web:1\", \"count\": \"many\"}"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.code").isEqualTo("InvalidParameterException");
        verifyNoInteractions(tasks, clusters, hosts);
    }
}
