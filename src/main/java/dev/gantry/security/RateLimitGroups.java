package dev.gantry.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rate-limit group each action is in, and each group's default burst and sustained rate, after ECS's
 * documented API throttling ("Request throttling for the Amazon ECS API": a token bucket per action group, cluster
 * reads 50 burst / 20 a second). Every REST v1 action and every ECS action Gantry offers has a group
 * ({@code RateLimitGroupsTest}); the ECS model's unsupported and unknown actions fall into {@link #OTHER}. Configurable per group:
 * {@code gantry.security.rate-limits.<group>.burst} / {@code .sustained}.
 */
final class RateLimitGroups {

    /** Failed authentications per source address (not per key): 429 before credentials are checked once exhausted. */
    static final String FAILED_AUTHENTICATIONS = "failed-authentications";
    /** An action without a group of its own. */
    static final String OTHER = "other";

    private static final Map<String, String> GROUP_OF = new LinkedHashMap<>();
    private static final Map<String, TokenBucket.Limit> DEFAULTS = new LinkedHashMap<>();

    static {
        group("cluster-read", 50, 20, "ListClusters", "DescribeClusters");
        group("cluster-modify", 20, 1, "CreateCluster", "DeleteCluster", "UpdateCluster", "UpdateClusterSettings");
        group("container-instance-read", 100, 20, "ListContainerInstances", "DescribeContainerInstances",
                "ListAttributes");
        group("container-instance-modify", 50, 5, "RegisterContainerInstance", "DeregisterContainerInstance",
                "UpdateContainerInstancesState", "PutAttributes", "DeleteAttributes");
        group("service-read", 100, 20, "ListServices", "DescribeServices", "DescribeServiceEvents",
                "ListServiceDeployments", "DescribeServiceDeployments");
        group("service-modify", 50, 5, "CreateService", "UpdateService", "DeleteService");
        group("task-definition-read", 100, 20, "ListTaskDefinitions", "DescribeTaskDefinition",
                "ListTaskDefinitionFamilies");
        group("task-definition-modify", 20, 1, "RegisterTaskDefinition", "DeregisterTaskDefinition",
                "DeleteTaskDefinitions");
        group("task-read", 100, 20, "ListTasks", "DescribeTasks", "GetTaskLogs");
        group("task-modify", 100, 40, "RunTask", "StartTask", "StopTask");
        group("administration", 20, 5, "CreateAccessKey", "ListAccessKeys", "DescribeAccessKey", "DeleteAccessKey",
                "ListAuditEvents");
        group("metrics", 20, 2, "ScrapeMetrics");
        group("tagging", 50, 5, "TagResource", "UntagResource", "ListTagsForResource");
        group(OTHER, 50, 10);
        group(FAILED_AUTHENTICATIONS, 10, 1);
    }

    private RateLimitGroups() {
    }

    private static void group(String name, int burst, double sustained, String... actions) {
        DEFAULTS.put(name, new TokenBucket.Limit(burst, sustained));
        for (String action : actions) {
            GROUP_OF.put(action, name);
        }
    }

    static String of(String action) {
        return GROUP_OF.getOrDefault(action, OTHER);
    }

    /** Every group with its default limit, in a stable order. */
    static Map<String, TokenBucket.Limit> defaults() {
        return Map.copyOf(DEFAULTS);
    }
}
