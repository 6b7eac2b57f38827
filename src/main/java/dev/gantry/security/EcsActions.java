package dev.gantry.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access every ECS protocol action needs, as {@link RestActions} is for REST v1: one table, read by rate limits,
 * the audit log and the protocol adapter's authorisation. Actions of the ECS model that Gantry knowingly does not
 * offer are listed too (any key may be told so: the adapter answers UnsupportedFeatureException, never a silent
 * success); a target that is no ECS action is "unknown" (UnknownOperationException).
 */
public final class EcsActions {

    /** The name an ECS call without a known target is audited and rate limited under. */
    public static final String UNKNOWN = "UnknownOperation";

    private static final Map<String, Access> SUPPORTED = new LinkedHashMap<>();

    static {
        for (String read : List.of("DescribeClusters", "ListClusters", "DescribeContainerInstances",
                "ListContainerInstances", "ListAttributes", "DescribeTaskDefinition", "ListTaskDefinitions",
                "ListTaskDefinitionFamilies", "DescribeTasks", "ListTasks", "DescribeServices", "ListServices",
                "ListServiceDeployments", "DescribeServiceDeployments", "ListTagsForResource")) {
            SUPPORTED.put(read, Access.READ);
        }
        for (String operate : List.of("RegisterContainerInstance", "DeregisterContainerInstance",
                "UpdateContainerInstancesState", "PutAttributes", "DeleteAttributes", "RegisterTaskDefinition",
                "DeregisterTaskDefinition", "DeleteTaskDefinitions", "RunTask", "StartTask", "StopTask",
                "CreateService", "UpdateService", "DeleteService", "TagResource", "UntagResource")) {
            SUPPORTED.put(operate, Access.OPERATE);
        }
        for (String administer : List.of("CreateCluster", "DeleteCluster", "UpdateCluster",
                "UpdateClusterSettings")) {
            SUPPORTED.put(administer, Access.ADMINISTER);
        }
    }

    /** The rest of the ECS model (botocore's service-2.json, 2026): known actions Gantry does not offer. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "CreateCapacityProvider", "DescribeCapacityProviders", "UpdateCapacityProvider",
            "DeleteCapacityProvider", "PutClusterCapacityProviders",
            "CreateTaskSet", "DescribeTaskSets", "UpdateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet",
            "StopServiceDeployment", "ContinueServiceDeployment", "DescribeServiceRevisions",
            "ListServicesByNamespace",
            "PutAccountSetting", "DeleteAccountSetting", "ListAccountSettings", "PutAccountSettingDefault",
            "ExecuteCommand", "GetTaskProtection", "UpdateTaskProtection",
            "DiscoverPollEndpoint", "SubmitTaskStateChange", "SubmitContainerStateChange",
            "SubmitAttachmentStateChanges", "UpdateContainerAgent",
            "CreateDaemon", "DescribeDaemon", "UpdateDaemon", "DeleteDaemon", "DescribeDaemonDeployments",
            "DescribeDaemonRevisions", "ListDaemons", "ListDaemonDeployments", "RegisterDaemonTaskDefinition",
            "DescribeDaemonTaskDefinition", "DeleteDaemonTaskDefinition", "ListDaemonTaskDefinitions",
            "CreateExpressGatewayService", "DescribeExpressGatewayService", "UpdateExpressGatewayService",
            "DeleteExpressGatewayService");

    private EcsActions() {
    }

    /** Whether Gantry offers the action. */
    public static boolean supported(String name) {
        return name != null && SUPPORTED.containsKey(name);
    }

    /** Whether the action is in the ECS model but not offered by Gantry. */
    public static boolean unsupported(String name) {
        return name != null && UNSUPPORTED.contains(name);
    }

    /** Every supported action, in table order, for tests and documentation. */
    public static List<String> names() {
        return List.copyOf(SUPPORTED.keySet());
    }

    /** Every known but unsupported action, for tests and documentation. */
    public static Set<String> unsupportedNames() {
        return UNSUPPORTED;
    }

    /**
     * The action of an ECS call from its target's action part (null when the header is missing or foreign). The
     * cluster is not known here (it is in the body): the protocol adapter authorises it once it has read the body.
     */
    static Action of(String name) {
        if (supported(name)) {
            return new Action(name, SUPPORTED.get(name), mutating(name), null, null);
        }
        // unsupported and unknown actions change nothing: any authenticated key is told what the adapter answers
        return new Action(unsupported(name) ? name : UNKNOWN, Access.READ, false, null, null);
    }

    private static boolean mutating(String name) {
        return !(name.startsWith("Describe") || name.startsWith("List"));
    }
}
