package dev.gantry.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which action a REST v1 request is: one table from method and path to action name, the access it needs and the
 * cluster it addresses. Authorisation, the audit log and rate limits read this one table, so a new endpoint gets all
 * three by one row here (an endpoint without a row is refused by authorisation, see {@code RestActionsTest}).
 */
public final class RestActions {

    private record Route(String method, PathPattern pattern, String name, Access access) {
    }

    private static final PathPatternParser PARSER = new PathPatternParser();
    private static final String CLUSTER = "/v1/clusters/{cluster}";

    private static final List<Route> ROUTES = List.of(
            route("POST", "/v1/clusters", "CreateCluster", Access.ADMINISTER),
            route("GET", "/v1/clusters", "ListClusters", Access.READ),
            route("GET", CLUSTER, "DescribeClusters", Access.READ),
            route("PATCH", CLUSTER, "UpdateCluster", Access.ADMINISTER),
            route("DELETE", CLUSTER, "DeleteCluster", Access.ADMINISTER),

            route("POST", CLUSTER + "/container-instances", "RegisterContainerInstance", Access.OPERATE),
            route("GET", CLUSTER + "/container-instances", "ListContainerInstances", Access.READ),
            route("GET", CLUSTER + "/container-instances/{target}", "DescribeContainerInstances", Access.READ),
            route("PUT", CLUSTER + "/container-instances/{target}/state", "UpdateContainerInstancesState", Access.OPERATE),
            route("PUT", CLUSTER + "/container-instances/{target}/attributes", "PutAttributes", Access.OPERATE),
            route("DELETE", CLUSTER + "/container-instances/{target}", "DeregisterContainerInstance", Access.OPERATE),

            route("POST", CLUSTER + "/services", "CreateService", Access.OPERATE),
            route("GET", CLUSTER + "/services", "ListServices", Access.READ),
            route("GET", CLUSTER + "/services/{target}", "DescribeServices", Access.READ),
            route("GET", CLUSTER + "/services/{target}/events", "DescribeServiceEvents", Access.READ),
            route("PATCH", CLUSTER + "/services/{target}", "UpdateService", Access.OPERATE),
            route("DELETE", CLUSTER + "/services/{target}", "DeleteService", Access.OPERATE),

            route("POST", CLUSTER + "/tasks", "RunTask", Access.OPERATE),
            route("POST", CLUSTER + "/tasks/start", "StartTask", Access.OPERATE),
            route("GET", CLUSTER + "/tasks", "ListTasks", Access.READ),
            route("GET", CLUSTER + "/tasks/{target}", "DescribeTasks", Access.READ),
            route("POST", CLUSTER + "/tasks/{target}/stop", "StopTask", Access.OPERATE),
            route("GET", CLUSTER + "/tasks/{target}/containers/{container}/logs", "GetTaskLogs", Access.READ),

            route("POST", "/v1/task-definitions", "RegisterTaskDefinition", Access.OPERATE),
            route("GET", "/v1/task-definitions", "ListTaskDefinitions", Access.READ),
            route("GET", "/v1/task-definitions/{target}", "DescribeTaskDefinition", Access.READ),
            route("DELETE", "/v1/task-definitions/{target}", "DeregisterTaskDefinition", Access.OPERATE),
            route("POST", "/v1/task-definitions/delete", "DeleteTaskDefinitions", Access.OPERATE),
            route("GET", "/v1/task-definition-families", "ListTaskDefinitionFamilies", Access.READ),

            route("POST", "/v1/access-keys", "CreateAccessKey", Access.ADMINISTER),
            route("GET", "/v1/access-keys", "ListAccessKeys", Access.ADMINISTER),
            route("GET", "/v1/access-keys/{target}", "DescribeAccessKey", Access.ADMINISTER),
            route("DELETE", "/v1/access-keys/{target}", "DeleteAccessKey", Access.ADMINISTER),
            route("GET", "/v1/audit-events", "ListAuditEvents", Access.ADMINISTER),

            route("GET", "/actuator/prometheus", "ScrapeMetrics", Access.READ));

    private RestActions() {
    }

    private static Route route(String method, String pattern, String name, Access access) {
        return new Route(method, PARSER.parse(pattern), name, access);
    }

    /**
     * The action of a request, or empty when no row matches (an unknown path or a method the path does not allow).
     *
     * @param method the HTTP method
     * @param path   the request path without the context path, still percent-encoded as sent (a cluster ARN's
     *               {@code /} arrives as {@code %2F} and must not split the segment)
     */
    public static Optional<Action> of(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Route route : ROUTES) {
            if (!route.method().equals(method)) {
                continue;
            }
            PathPattern.PathMatchInfo match = route.pattern().matchAndExtract(container);
            if (match != null) {
                Map<String, String> variables = match.getUriVariables();
                return Optional.of(new Action(route.name(), route.access(), !method.equals("GET"),
                        variables.get("cluster"), variables.get("target")));
            }
        }
        return Optional.empty();
    }

    /** One row of the table as written: method, path pattern ({@code {cluster}}, {@code {target}}), name, access. */
    public record Row(String method, String pattern, String name, Access access) {
    }

    /** Every row, in table order, for tests that must cover every endpoint (a new row is covered without edits). */
    public static List<Row> rows() {
        return ROUTES.stream()
                .map(r -> new Row(r.method(), r.pattern().getPatternString(), r.name(), r.access()))
                .toList();
    }

    /** Every action name in the table, for tests and documentation. */
    public static List<String> names() {
        return ROUTES.stream().map(Route::name).distinct().toList();
    }
}
