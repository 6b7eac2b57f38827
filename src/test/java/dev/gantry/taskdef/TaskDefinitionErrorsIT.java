package dev.gantry.taskdef;

import dev.gantry.GantryIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Every error path of the task definition endpoints: a clear problem+json 4xx, never a 500. */
@GantryIntegrationTest
class TaskDefinitionErrorsIT {

    @Autowired
    RestTestClient http;

    private RestTestClient.BodyContentSpec register(Object body) {
        return http.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody();
    }

    private static Map<String, Object> withFamily(Object containers) {
        return Map.of("family", TaskDefinitionApiIT.unique("err"), "containerDefinitions", containers);
    }

    @Test
    void malformedJsonIsA400() {
        register("{\"family\": ").jsonPath("$.code").isEqualTo("InvalidParameterException")
                .jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void missingBodyIsA400() {
        http.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("body");
    }

    @Test
    void wrongTypeNamesTheMember() {
        register("{\"family\": \"x\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"i\", \"memory\": \"lots\"}]}")
                .jsonPath("$.code").isEqualTo("InvalidParameterException")
                .jsonPath("$.errors[0].field").isEqualTo("containerDefinitions[0].memory");
        register("{\"family\": \"x\", \"containerDefinitions\": \"web\"}")
                .jsonPath("$.errors[0].field").isEqualTo("containerDefinitions");
    }

    @Test
    void unknownEnumValueNamesTheMember() {
        register("{\"family\": \"x\", \"networkMode\": \"bogus\", \"containerDefinitions\": []}")
                .jsonPath("$.errors[0].field").isEqualTo("networkMode")
                .jsonPath("$.errors[0].message").value(message -> org.assertj.core.api.Assertions
                        .assertThat((String) message).contains("bogus").contains("bridge"));
        register("{\"family\": \"x\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"i\", \"memory\": 64, "
                + "\"portMappings\": [{\"containerPort\": 80, \"protocol\": \"sctp\"}]}]}")
                .jsonPath("$.errors[0].field").isEqualTo("containerDefinitions[0].portMappings[0].protocol");
    }

    @Test
    void unknownMemberIsNamed() {
        register("{\"family\": \"x\", \"containerDefinitions\": [], \"launchType\": \"EC2\"}")
                .jsonPath("$.errors[0].field").isEqualTo("launchType");
    }

    @Test
    void definitionsAbove64KiBAreAClientExceptionNamingTheLimit() {
        List<Map<String, String>> environment = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            environment.add(Map.of("name", "VAR_" + i, "value", "v".repeat(100)));
        }
        register(withFamily(List.of(Map.of("name", "a", "image", "i", "memory", 64, "environment", environment))))
                .jsonPath("$.code").isEqualTo("ClientException")
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("65536 bytes (64 KiB)"));
    }

    @Test
    void validationFailuresListEveryOffendingMemberAsClientException() {
        register(Map.of("family", "bad family!", "networkMode", "awsvpc", "requiresCompatibilities", List.of("FARGATE"),
                "containerDefinitions", List.of(
                        Map.of("name", "a", "image", "nginx"),
                        Map.of("name", "b", "image", "nginx", "memory", 128, "memoryReservation", 256))))
                .jsonPath("$.code").isEqualTo("ClientException")
                .jsonPath("$.errors[*].field").value(fields -> org.assertj.core.api.Assertions.assertThat(
                        fields.toString()).contains("family", "networkMode", "requiresCompatibilities[0]",
                        "containerDefinitions[0].memory", "containerDefinitions[1].memoryReservation"));
    }

    @Test
    void badReferencesAreInvalidParameterNamingTaskDefinition() {
        for (String bad : List.of("arn:aws:ecs:local:000000000000:service/x", "arn:aws:ecs:other:000000000000:task-definition/x:1",
                "arn:aws:ecs:local:000000000000:task-definition/x", "bad family!", "web:0", "web:abc")) {
            http.get().uri("/v1/task-definitions/{ref}", bad).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("InvalidParameterException")
                    .jsonPath("$.errors[0].field").isEqualTo("taskDefinition");
        }
    }

    @Test
    void deregisterWithoutRevisionIsA400() {
        http.delete().uri("/v1/task-definitions/web").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("InvalidParameterException")
                .jsonPath("$.errors[0].field").isEqualTo("taskDefinition");
    }

    @Test
    void unknownRevisionsAre404ClientException() {
        String family = TaskDefinitionApiIT.unique("missing");
        for (String uri : List.of("/v1/task-definitions/" + family, "/v1/task-definitions/" + family + ":7")) {
            http.get().uri(uri).exchange().expectStatus().isNotFound().expectBody()
                    .jsonPath("$.code").isEqualTo("ClientException")
                    .jsonPath("$.detail").isEqualTo("Unable to describe task definition.");
        }
        http.delete().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ClientException");
    }

    @Test
    void badListParametersAre400sNamingTheParameter() {
        Map<String, String> cases = Map.of(
                "/v1/task-definitions?status=bogus", "status",
                "/v1/task-definitions?sort=sideways", "sort",
                "/v1/task-definitions?maxResults=0", "maxResults",
                "/v1/task-definitions?nextToken=garbage!", "nextToken",
                "/v1/task-definitions?familyPrefix=no%20spaces", "familyPrefix",
                "/v1/task-definition-families?status=SOME", "status",
                "/v1/task-definition-families?maxResults=101", "maxResults",
                "/v1/task-definition-families?nextToken=%25%25", "nextToken");
        cases.forEach((uri, field) -> http.get().uri(uri).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field));
    }
}
