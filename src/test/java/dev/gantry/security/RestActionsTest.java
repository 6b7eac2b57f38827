package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

class RestActionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            POST   | /v1/clusters                                        | CreateCluster              | ADMINISTER | -        | -
            GET    | /v1/clusters                                        | ListClusters               | READ       | -        | -
            GET    | /v1/clusters/prod                                   | DescribeClusters           | READ       | prod     | -
            DELETE | /v1/clusters/prod                                   | DeleteCluster              | ADMINISTER | prod     | -
            PATCH  | /v1/clusters/prod                                   | UpdateCluster              | ADMINISTER | prod     | -
            GET    | /v1/clusters/arn:aws:ecs:local:0:cluster%2Fprod      | DescribeClusters           | READ       | arn:aws:ecs:local:0:cluster/prod | -
            POST   | /v1/clusters/prod/tasks                             | RunTask                    | OPERATE    | prod     | -
            POST   | /v1/clusters/prod/tasks/start                       | StartTask                  | OPERATE    | prod     | -
            POST   | /v1/clusters/prod/tasks/abc/stop                    | StopTask                   | OPERATE    | prod     | abc
            GET    | /v1/clusters/prod/tasks/abc/containers/web/logs     | GetTaskLogs                | READ       | prod     | abc
            PUT    | /v1/clusters/prod/container-instances/i1/state      | UpdateContainerInstancesState | OPERATE | prod     | i1
            PATCH  | /v1/clusters/prod/services/web                      | UpdateService              | OPERATE    | prod     | web
            GET    | /v1/clusters/prod/services/web/events               | DescribeServiceEvents      | READ       | prod     | web
            POST   | /v1/task-definitions                                | RegisterTaskDefinition     | OPERATE    | -        | -
            DELETE | /v1/task-definitions/web:3                          | DeregisterTaskDefinition   | OPERATE    | -        | web:3
            GET    | /v1/access-keys                                     | ListAccessKeys             | ADMINISTER | -        | -
            DELETE | /v1/access-keys/GKAAAAAAAAAAAAAAAAAA                | DeleteAccessKey            | ADMINISTER | -        | GKAAAAAAAAAAAAAAAAAA
            GET    | /v1/audit-events                                    | ListAuditEvents            | ADMINISTER | -        | -
            GET    | /actuator/prometheus                                | ScrapeMetrics              | READ       | -        | -
            """)
    void aRequestIsTheActionOfItsRow(String method, String path, String name, Access access, String cluster, String target) {
        Optional<Action> action = RestActions.of(method, path);
        assertThat(action).hasValueSatisfying(a -> {
            assertThat(a.name()).isEqualTo(name);
            assertThat(a.access()).isEqualTo(access);
            assertThat(a.mutating()).isEqualTo(!method.equals("GET"));
            assertThat(a.clusterName()).isEqualTo(cluster);
            assertThat(a.target()).isEqualTo(target);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /v1/clusters
            GET    | /v1/clusters/prod/tasks/abc/stop
            GET    | /v2/clusters
            DELETE | /v1/clusters/prod/tasks/abc
            GET    | /v1/clusters/prod/unknown
            """)
    void aRequestWithoutARowIsNoAction(String method, String path) {
        assertThat(RestActions.of(method, path)).isEmpty();
    }

    /** A new endpoint must get a row, or authorisation refuses it and the audit log misses it. */
    @Test
    void everyControllerEndpointHasARow() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (var candidate : scanner.findCandidateComponents("dev.gantry")) {
            Class<?> controller = Class.forName(candidate.getBeanClassName());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String suffix = mapping.path().length == 0 ? "" : mapping.path()[0];
                String path = (prefix + suffix).replaceAll("\\{[^}]+}", "x");
                if (path.equals("/")) {
                    // the ECS protocol endpoint: its actions are EcsActions' rows (EcsActionsTest); GET / redirects
                    continue;
                }
                for (var verb : mapping.method()) {
                    endpoints++;
                    if (RestActions.of(verb.name(), path).isEmpty()) {
                        missing.add(verb + " " + prefix + suffix + " (" + controller.getSimpleName() + ")");
                    }
                }
            }
        }
        assertThat(endpoints).as("controller endpoints found").isGreaterThan(20);
        assertThat(missing).as("endpoints without a row in RestActions").isEmpty();
    }
}
