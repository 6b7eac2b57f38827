package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One request for every row of {@link RestActions}, for the tests that must cover every endpoint (authentication,
 * authorisation, the audit log): the row's path variables filled, a body the action accepts as valid where it takes
 * one. A test that needs a row to address something real (a key to delete, a revision to deregister) or a body with an
 * effect it can look for overrides that row's target or body; everything else has a default. Driven by
 * {@link RestActions#rows()}, so a new row gets a request here or fails {@link #assertEveryRowHasARequest}.
 */
final class EndpointRequests {

    /** A request of one row, its variables filled; the body where the action takes one (else null). */
    record Call(String action, String method, String path, String body) {

        boolean mutating() {
            return !method.equals("GET");
        }
    }

    private final String family;
    private final Map<String, String> targets;
    private final Map<String, String> bodies;

    private EndpointRequests(String family, Map<String, String> targets, Map<String, String> bodies) {
        this.family = family;
        this.targets = Map.copyOf(targets);
        this.bodies = Map.copyOf(bodies);
    }

    /** Requests whose task definitions are of {@code family} (RunTask, CreateService, RegisterTaskDefinition...). */
    static EndpointRequests forFamily(String family) {
        return new EndpointRequests(family, Map.of(), Map.of());
    }

    /** The same, with {@code action}'s {@code {target}} filled with {@code target}. */
    EndpointRequests withTarget(String action, String target) {
        Map<String, String> changed = new HashMap<>(targets);
        changed.put(known(action), target);
        return new EndpointRequests(family, changed, bodies);
    }

    /** The same, with {@code action}'s body {@code body}. */
    EndpointRequests withBody(String action, String body) {
        Map<String, String> changed = new HashMap<>(bodies);
        changed.put(known(action), body);
        return new EndpointRequests(family, targets, changed);
    }

    private static String known(String action) {
        assertThat(RestActions.names()).as("an action of RestActions").contains(action);
        return action;
    }

    /** A request body each action accepts as valid, so that what the test varies is what decides the answer. */
    String bodyOf(String action) {
        if (bodies.containsKey(action)) {
            return bodies.get(action);
        }
        return switch (action) {
            case "CreateCluster" -> "{\"clusterName\":\"authz-new-" + UUID.randomUUID().toString().substring(0, 8) + "\"}";
            case "UpdateCluster" -> "{\"settings\":[{\"name\":\"containerInsights\",\"value\":\"disabled\"}]}";
            case "RegisterContainerInstance" -> "{\"dockerEndpoint\":\"tcp://192.0.2.1:2375\"}";
            case "UpdateContainerInstancesState" -> "{\"status\":\"DRAINING\"}";
            case "PutAttributes" -> "{\"attributes\":[{\"name\":\"team\",\"value\":\"core\"}]}";
            case "CreateService" -> "{\"serviceName\":\"other\",\"taskDefinition\":\"" + family + "\",\"desiredCount\":0}";
            case "UpdateService" -> "{\"desiredCount\":0}";
            case "RunTask" -> "{\"taskDefinition\":\"" + family + "\"}";
            case "StartTask" -> "{\"taskDefinition\":\"" + family + "\",\"containerInstances\":[\"" + hex() + "\"]}";
            case "StopTask" -> "{\"reason\":\"EndpointRequests\"}";
            case "RegisterTaskDefinition" -> """
                    {"family":"%s-again","containerDefinitions":[{"name":"main","image":"gantry-test/busybox:1","memory":16}]}"""
                    .formatted(family);
            case "DeleteTaskDefinitions" -> "{\"taskDefinitions\":[\"" + family + ":999\"]}";
            case "CreateAccessKey" -> "{\"role\":\"READ_ONLY\",\"description\":\"EndpointRequests\"}";
            default -> null;
        };
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The row's request addressing {@code clusterReference} (a name, or an ARN: its '/' sent as %2F). */
    Call callOf(RestActions.Row row, String clusterReference) {
        String target = targets.containsKey(row.name()) ? targets.get(row.name()) : switch (row.name()) {
            case "DescribeServices", "DescribeServiceEvents", "UpdateService", "DeleteService" -> "web";
            case "DescribeTaskDefinition", "DeregisterTaskDefinition" -> family + ":999";
            case "DescribeAccessKey", "DeleteAccessKey" -> "GKNOSUCHKEY000000000";
            default -> hex();
        };
        String path = row.pattern()
                .replace("{cluster}", URLEncoder.encode(clusterReference, StandardCharsets.UTF_8))
                .replace("{target}", target).replace("{container}", "main");
        return new Call(row.name(), row.method(), path, bodyOf(row.name()));
    }

    /** Every row's request, in table order. */
    List<Call> every(String clusterReference) {
        return RestActions.rows().stream().map(row -> callOf(row, clusterReference)).toList();
    }

    static boolean addressesACluster(RestActions.Row row) {
        return row.pattern().contains("{cluster}");
    }

    /** Each row's request is that row's action (by name and by ARN), and each write has a body. */
    static void assertEveryRowHasARequest(EndpointRequests requests, String clusterName, String clusterArn) {
        for (RestActions.Row row : RestActions.rows()) {
            for (String cluster : List.of(clusterName, clusterArn)) {
                Call call = requests.callOf(row, cluster);
                assertThat(RestActions.of(call.method(), call.path())).as("the request made for %s", row.name())
                        .hasValueSatisfying(action -> assertThat(action.name()).isEqualTo(row.name()));
            }
            if (Set.of("POST", "PUT", "PATCH").contains(row.method())) {
                assertThat(requests.bodyOf(row.name())).as("a valid request body for %s %s (%s)", row.method(),
                        row.pattern(), row.name()).isNotNull();
            }
        }
    }
}
