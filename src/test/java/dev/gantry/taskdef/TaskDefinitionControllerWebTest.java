package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.gantry.api.Page;
import dev.gantry.api.WebSliceConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of the task-definition API alone (a {@code @WebMvcTest} slice): closed sets in query parameters bind
 * to their enums or are a 400 naming the parameter, and a body over the limit is refused before any controller runs.
 */
@WebMvcTest(TaskDefinitionController.class)
@Import(WebSliceConfiguration.class)
class TaskDefinitionControllerWebTest {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    TaskDefinitionManagement taskDefinitions;

    @Test
    void familyStatusAndPagingBindToTheirTypes() {
        given(taskDefinitions.listTaskDefinitionFamilies("we", TaskDefinitionManagement.FamilyStatus.INACTIVE, 5, null))
                .willReturn(new Page<>(List.of("web", "worker"), null));

        assertThat(mvc.get().uri("/v1/task-definition-families?familyPrefix=we&status=INACTIVE&maxResults=5"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.items").asArray().containsExactly("web", "worker");
                    assertThat(json).as("no nextToken on the last page").doesNotHavePath("$.nextToken");
                });
    }

    @Test
    void aStatusOutsideItsClosedSetIsA400NamingTheParameter() {
        assertThat(mvc.get().uri("/v1/task-definitions?status=RETIRED"))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.detail").asString().contains("status");
                });
        verifyNoInteractions(taskDefinitions);
    }

    @Test
    void aSortOrderOutsideItsClosedSetIsA400NamingTheParameter() {
        assertThat(mvc.get().uri("/v1/task-definitions?sort=SIDEWAYS"))
                .hasStatus(400)
                .bodyJson().extractingPath("$.detail").asString().contains("sort");
        verifyNoInteractions(taskDefinitions);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeTheController() {
        String tooLarge = "{\"family\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}";

        assertThat(mvc.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON).content(tooLarge))
                .hasStatus(413)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("PayloadTooLarge");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("body");
                });
        verifyNoInteractions(taskDefinitions);
    }

    @Test
    void aRegistrationWithoutABodyIsA400() {
        assertThat(mvc.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON))
                .hasStatus(400);
        verifyNoInteractions(taskDefinitions);
    }
}
