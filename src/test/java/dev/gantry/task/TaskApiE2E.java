package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** RunTask idempotency, StartTask on a named instance, and ListTasks filters, checked against the hosts. */
class TaskApiE2E extends E2ESupport {

    private List<String> list(String query) {
        JsonNode page = call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks" + query, null, 200);
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(t -> ids.add(taskId(t)));
        return ids;
    }

    @Test
    void theSameClientTokenWithTheSameParametersReturnsTheSameTasksAndOtherParametersConflict() {
        register(1);
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String token = unique("token");
        Map<String, Object> request = Map.of("taskDefinition", family, "count", 2, "clientToken", token);
        JsonNode first = runTask(request);
        JsonNode second = runTask(request);
        assertThat(first.get("tasks")).hasSize(2);
        List<String> firstIds = new ArrayList<>();
        first.get("tasks").forEach(t -> firstIds.add(taskId(t)));
        List<String> secondIds = new ArrayList<>();
        second.get("tasks").forEach(t -> secondIds.add(taskId(t)));
        assertThat(secondIds).containsExactlyInAnyOrderElementsOf(firstIds);
        firstIds.forEach(this::awaitRunning);
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(2);

        JsonNode conflict = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks",
                Map.of("taskDefinition", family, "count", 1, "clientToken", token), 409);
        assertThat(conflict.get("code").asString()).isEqualTo("ConflictException");
        assertThat(conflict.get("errors").get(0).get("field").asString()).isEqualTo("clientToken");
        assertThat(list("")).hasSize(2);
        assertThat(RigHosts.containers(1, clusterArn)).hasSize(2);
    }

    @Test
    void startTaskRunsOnTheNamedInstanceOnly() {
        register(1);
        String b = register(2);
        String family = taskDefinition(List.of(container("main", 16, "sleep 300")));
        JsonNode started = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/start",
                Map.of("taskDefinition", family, "containerInstances", List.of(b), "startedBy", "tester"), 200);
        assertThat(started.get("failures")).isEmpty();
        assertThat(started.get("tasks")).hasSize(1);
        JsonNode t = started.get("tasks").get(0);
        assertThat(t.get("containerInstanceArn").asString()).endsWith("/" + b);
        assertThat(t.get("startedBy").asString()).isEqualTo("tester");
        awaitRunning(taskId(t));
        assertThat(RigHosts.running(2, clusterArn)).hasSize(1);
        assertThat(RigHosts.containers(1, clusterArn)).isEmpty();

        JsonNode tooBig = call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/start",
                Map.of("taskDefinition", taskDefinition(List.of(container("main",
                        resource(instance(b).get("registeredResources"), "MEMORY"), "sleep 300"))), "containerInstances", List.of(b)), 200);
        assertThat(tooBig.get("tasks")).isEmpty();
        assertThat(tooBig.get("failures").get(0).get("reason").asString()).isEqualTo("RESOURCE:MEMORY");
    }

    @Test
    void listTasksFiltersByDesiredStatusFamilyStartedByAndInstance() {
        String a = register(1);
        String b = register(2);
        String web = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String batch = taskDefinition(List.of(container("main", 16, "sleep 300")));
        String onA = taskId(call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/start",
                Map.of("taskDefinition", web, "containerInstances", List.of(a), "startedBy", "alice"), 200).get("tasks").get(0));
        String onB = taskId(call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/start",
                Map.of("taskDefinition", batch, "containerInstances", List.of(b), "startedBy", "bob"), 200).get("tasks").get(0));
        String stopped = taskId(call(HttpMethod.POST, "/v1/clusters/" + cluster + "/tasks/start",
                Map.of("taskDefinition", web, "containerInstances", List.of(b)), 200).get("tasks").get(0));
        awaitRunning(onA);
        awaitRunning(onB);
        awaitRunning(stopped);
        stop(stopped);
        awaitStopped(stopped);

        assertThat(list("")).containsExactlyInAnyOrder(onA, onB);
        assertThat(list("?desiredStatus=RUNNING")).containsExactlyInAnyOrder(onA, onB);
        assertThat(list("?desiredStatus=STOPPED")).containsExactly(stopped);
        assertThat(list("?family=" + web)).containsExactly(onA);
        assertThat(list("?family=" + web + "&desiredStatus=STOPPED")).containsExactly(stopped);
        assertThat(list("?startedBy=bob")).containsExactly(onB);
        assertThat(list("?containerInstance=" + a)).containsExactly(onA);
        assertThat(list("?containerInstance=" + instance(b).get("containerInstanceArn").asString())).containsExactly(onB);
        assertThat(list("?maxResults=1")).hasSize(1);
        call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks?desiredStatus=SLEEPING", null, 400);
        // a reference in no form ECS accepts is refused, naming its field, instead of silently matching nothing
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks?serviceName=a/b/c", null, 400)
                .get("errors").get(0).get("field").asString()).isEqualTo("serviceName");
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/tasks?containerInstance=not-an-id", null, 400)
                .get("errors").get(0).get("field").asString()).isEqualTo("containerInstance");
        assertThat(list("?serviceName=no-such-service")).isEmpty();
    }
}
