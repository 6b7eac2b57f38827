package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gantry.GantryIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The task definition endpoints over HTTP on PostgreSQL: the happy paths, revisions, lists and concurrency. */
@GantryIntegrationTest
class TaskDefinitionApiIT {

    static final String ARN_PREFIX = "arn:aws:ecs:local:000000000000:task-definition/";

    @Autowired
    RestTestClient http;

    @Autowired
    TaskDefinitionManagement management;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> container(String name) {
        return Map.of("name", name, "image", "nginx:1.27", "memory", 128);
    }

    static Map<String, Object> definition(String family) {
        return Map.of("family", family, "containerDefinitions", List.of(container("web")));
    }

    int register(String family) {
        Response body = http.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON)
                .body(definition(family)).exchange().expectStatus().isOk()
                .expectBody(Response.class).returnResult().getResponseBody();
        return body.taskDefinition().revision();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(TaskDefinitionBody taskDefinition, List<Map<String, String>> tags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskDefinitionBody(String taskDefinitionArn, String family, int revision, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListBody(List<TaskDefinitionBody> items, String nextToken) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FamiliesBody(List<String> items, String nextToken) {
    }

    @Test
    void registerReturnsTheNormalisedDefinitionWithTagsNextToIt() {
        String family = unique("shape");
        Map<String, Object> web = Map.of("name", "web", "image", "nginx:1.27", "memoryReservation", 256,
                "portMappings", List.of(Map.of("containerPort", 80)),
                "healthCheck", Map.of("command", List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1")));
        http.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("family", family, "cpu", "1 vCPU", "memory", "2 GB", "containerDefinitions", List.of(web),
                        "tags", List.of(Map.of("key", "team", "value", "core"))))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.taskDefinition.taskDefinitionArn").isEqualTo(ARN_PREFIX + family + ":1")
                .jsonPath("$.taskDefinition.family").isEqualTo(family)
                .jsonPath("$.taskDefinition.revision").isEqualTo(1)
                .jsonPath("$.taskDefinition.status").isEqualTo("ACTIVE")
                .jsonPath("$.taskDefinition.networkMode").isEqualTo("bridge")
                .jsonPath("$.taskDefinition.cpu").isEqualTo("1024")
                .jsonPath("$.taskDefinition.memory").isEqualTo("2048")
                .jsonPath("$.taskDefinition.compatibilities[0]").isEqualTo("EC2")
                .jsonPath("$.taskDefinition.compatibilities[1]").isEqualTo("EXTERNAL")
                .jsonPath("$.taskDefinition.registeredAt").exists()
                .jsonPath("$.taskDefinition.id").doesNotExist()
                .jsonPath("$.taskDefinition.containerDefinitions[0].cpu").isEqualTo(0)
                .jsonPath("$.taskDefinition.containerDefinitions[0].essential").isEqualTo(true)
                .jsonPath("$.taskDefinition.containerDefinitions[0].portMappings[0].protocol").isEqualTo("tcp")
                .jsonPath("$.taskDefinition.containerDefinitions[0].healthCheck.interval").isEqualTo(30)
                .jsonPath("$.taskDefinition.containerDefinitions[0].healthCheck.timeout").isEqualTo(5)
                .jsonPath("$.taskDefinition.containerDefinitions[0].healthCheck.retries").isEqualTo(3)
                .jsonPath("$.taskDefinition.containerDefinitions[0].healthCheck.startPeriod").isEqualTo(0)
                .jsonPath("$.taskDefinition.requiresAttributes[*].name").value(names -> assertThat(names.toString())
                        .contains(RequiredAttributes.CONTAINER_HEALTH_CHECK))
                .jsonPath("$.tags[0].key").isEqualTo("team")
                .jsonPath("$.taskDefinition.tags").doesNotExist();
    }

    @Test
    void hostModeFillsTheHostPortFromTheContainerPort() {
        String family = unique("host");
        Map<String, Object> web = Map.of("name", "web", "image", "nginx", "memory", 64,
                "portMappings", List.of(Map.of("containerPort", 8080, "protocol", "udp")));
        http.post().uri("/v1/task-definitions").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("family", family, "networkMode", "host", "containerDefinitions", List.of(web)))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.taskDefinition.networkMode").isEqualTo("host")
                .jsonPath("$.taskDefinition.containerDefinitions[0].portMappings[0].hostPort").isEqualTo(8080);
    }

    @Test
    void revisionsAreHighestEverPlusOneEvenAfterDeregistering() {
        String family = unique("rev");
        assertThat(register(family)).isEqualTo(1);
        assertThat(register(family)).isEqualTo(2);
        http.delete().uri("/v1/task-definitions/" + family + ":2").exchange().expectStatus().isOk();
        http.delete().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk();
        assertThat(register(family)).isEqualTo(3);
    }

    @Test
    void describeAcceptsFamilyFamilyRevisionAndPercentEncodedArn() {
        String family = unique("desc");
        register(family);
        register(family);
        http.get().uri("/v1/task-definitions/" + family).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.revision").isEqualTo(2).jsonPath("$.tags").isArray();
        http.get().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.revision").isEqualTo(1);
        http.get().uri("/v1/task-definitions/{arn}", ARN_PREFIX + family + ":1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.taskDefinitionArn").isEqualTo(ARN_PREFIX + family + ":1");
    }

    @Test
    void deregisteredRevisionsStayDescribableAndBareFamilyMeansLatestActive() {
        String family = unique("inactive");
        register(family);
        register(family);
        http.delete().uri("/v1/task-definitions/{arn}", ARN_PREFIX + family + ":2").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.status").isEqualTo("INACTIVE")
                .jsonPath("$.taskDefinition.deregisteredAt").exists();
        http.get().uri("/v1/task-definitions/" + family + ":2").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.status").isEqualTo("INACTIVE");
        http.get().uri("/v1/task-definitions/" + family).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.taskDefinition.revision").isEqualTo(1);
        http.delete().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk();
        http.get().uri("/v1/task-definitions/" + family).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ClientException")
                .jsonPath("$.detail").isEqualTo("Unable to describe task definition.");
    }

    @Test
    void deregisteringTwiceReturnsTheInactiveRevisionUnchanged() {
        String family = unique("twice");
        register(family);
        String first = http.delete().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        http.delete().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(first);
    }

    @Test
    void launchesResolveOnlyActiveRevisionsButTasksCanStillReadInactiveOnes() {
        String family = unique("launch");
        register(family);
        TaskDefinition active = management.resolveActiveForLaunch(family);
        assertThat(active.familyRevision()).isEqualTo(family + ":1");
        assertThat(management.findById(active.id())).contains(active);
        management.deregisterTaskDefinition(family + ":1");
        assertThat(management.resolve(family + ":1").status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
        http.get().uri("/v1/task-definitions/" + family + ":1").exchange().expectStatus().isOk();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.resolveActiveForLaunch(family + ":1"))
                .hasMessage("TaskDefinition is inactive");
    }

    @Test
    void listFiltersByFamilyAndStatusAndSortsBothWays() {
        String family = unique("list");
        for (int i = 0; i < 3; i++) {
            register(family);
        }
        http.delete().uri("/v1/task-definitions/" + family + ":2").exchange().expectStatus().isOk();
        assertThat(revisions("/v1/task-definitions?familyPrefix=" + family)).containsExactly(1, 3);
        assertThat(revisions("/v1/task-definitions?familyPrefix=" + family + "&sort=DESC")).containsExactly(3, 1);
        assertThat(revisions("/v1/task-definitions?familyPrefix=" + family + "&status=INACTIVE")).containsExactly(2);
    }

    private List<Integer> revisions(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(ListBody.class).returnResult()
                .getResponseBody().items().stream().map(TaskDefinitionBody::revision).toList();
    }

    @Test
    void listPagesWithoutRepeatsInBothDirections() {
        String family = unique("page");
        for (int i = 0; i < 5; i++) {
            register(family);
        }
        for (String sort : List.of("ASC", "DESC")) {
            List<Integer> seen = new ArrayList<>();
            String token = null;
            do {
                ListBody page = http.get().uri("/v1/task-definitions?maxResults=2&familyPrefix=" + family + "&sort="
                        + sort + (token == null ? "" : "&nextToken=" + token)).exchange().expectStatus().isOk()
                        .expectBody(ListBody.class).returnResult().getResponseBody();
                assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
                page.items().forEach(td -> seen.add(td.revision()));
                token = page.nextToken();
            } while (token != null && seen.size() < 100);
            assertThat(seen).containsExactlyElementsOf(sort.equals("ASC") ? List.of(1, 2, 3, 4, 5) : List.of(5, 4, 3, 2, 1));
        }
    }

    @Test
    void listWithoutFamilyIsOrderedByFamilyThenRevision() {
        String prefix = unique("order");
        register(prefix + "-b");
        register(prefix + "-a");
        register(prefix + "-a");
        List<String> refs = new ArrayList<>();
        String token = null;
        do {
            ListBody page = http.get().uri("/v1/task-definitions?maxResults=100"
                    + (token == null ? "" : "&nextToken=" + token)).exchange().expectStatus().isOk()
                    .expectBody(ListBody.class).returnResult().getResponseBody();
            page.items().stream().filter(td -> td.family().startsWith(prefix))
                    .forEach(td -> refs.add(td.family() + ":" + td.revision()));
            token = page.nextToken();
        } while (token != null);
        assertThat(refs).containsExactly(prefix + "-a:1", prefix + "-a:2", prefix + "-b:1");
    }

    @Test
    void familiesListFiltersByPrefixAndStatus() {
        String prefix = unique("fam");
        register(prefix + "-live");
        register(prefix + "-gone");
        http.delete().uri("/v1/task-definitions/" + prefix + "-gone:1").exchange().expectStatus().isOk();
        assertThat(families("/v1/task-definition-families?familyPrefix=" + prefix))
                .containsExactly(prefix + "-gone", prefix + "-live");
        assertThat(families("/v1/task-definition-families?status=ALL&familyPrefix=" + prefix))
                .containsExactly(prefix + "-gone", prefix + "-live");
        assertThat(families("/v1/task-definition-families?status=ACTIVE&familyPrefix=" + prefix))
                .containsExactly(prefix + "-live");
        assertThat(families("/v1/task-definition-families?status=INACTIVE&familyPrefix=" + prefix))
                .containsExactly(prefix + "-gone");
        FamiliesBody first = http.get().uri("/v1/task-definition-families?maxResults=1&familyPrefix=" + prefix)
                .exchange().expectBody(FamiliesBody.class).returnResult().getResponseBody();
        assertThat(first.items()).containsExactly(prefix + "-gone");
        assertThat(families("/v1/task-definition-families?maxResults=1&familyPrefix=" + prefix + "&nextToken="
                + first.nextToken())).containsExactly(prefix + "-live");
    }

    private List<String> families(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(FamiliesBody.class).returnResult()
                .getResponseBody().items();
    }

    @Test
    void concurrentRegistrationsOfOneFamilyGetDistinctConsecutiveRevisions() throws Exception {
        String family = unique("race");
        int count = 8;
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(() -> register(family));
        }
        List<Integer> revisions = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                revisions.add(f.get());
            }
        }
        assertThat(revisions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void openApiDocumentsEveryOperationAndTheErrorShape() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/v1/task-definitions'].post.operationId").exists()
                .jsonPath("$.paths['/v1/task-definitions'].get.parameters[*].name").value(names ->
                        assertThat(names.toString()).contains("familyPrefix", "status", "sort", "nextToken"))
                .jsonPath("$.paths['/v1/task-definitions/{taskDefinition}'].get.responses['404']").exists()
                .jsonPath("$.paths['/v1/task-definitions/{taskDefinition}'].delete.responses['400']").exists()
                .jsonPath("$.paths['/v1/task-definition-families'].get").exists()
                .jsonPath("$.components.schemas.NetworkMode.enum").value(values ->
                        assertThat(values.toString()).contains("bridge", "host", "none"))
                .jsonPath("$.components.schemas.ContainerDefinition.properties.healthCheck").exists();
    }
}
