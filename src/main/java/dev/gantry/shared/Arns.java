package dev.gantry.shared;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats and parses the long-format ARNs ECS clients expect. Every reference the API accepts may be the short
 * name or id or the full ARN, and each resource has one parser here, so every endpoint accepts the same forms:
 *
 * <ul>
 *   <li>cluster: {@code NAME} or {@code arn:aws:ecs:REGION:ACCOUNT:cluster/NAME};</li>
 *   <li>service: {@code NAME}, {@code CLUSTER/NAME}, or the ARN {@code service/CLUSTER/NAME} (long format) or
 *       {@code service/NAME} (the legacy short format);</li>
 *   <li>task and container instance: the id (32 lowercase hex characters), {@code CLUSTER/ID}, or the ARN
 *       {@code task/CLUSTER/ID} ({@code container-instance/CLUSTER/ID}) or the legacy {@code task/ID}.</li>
 * </ul>
 *
 * Names take 1–255 letters, digits, {@code _} and {@code -}. An ARN of another resource type, region or account,
 * or anything else, is refused (empty), and the caller answers 400 naming its field. The cluster segment of a
 * reference is not compared with the cluster of the request: rows are looked up within the request's cluster, so a
 * reference into another cluster is not found there.
 */
public record Arns(String region, String accountId) {

    private static final Pattern ARN = Pattern.compile(
            "arn:aws:ecs:([^:]+):(\\d{12}):([a-z-]+)/(.+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    public String cluster(String clusterName) {
        return prefix() + "cluster/" + clusterName;
    }

    public String containerInstance(String clusterName, String id) {
        return prefix() + "container-instance/" + clusterName + "/" + id;
    }

    public String task(String clusterName, String id) {
        return prefix() + "task/" + clusterName + "/" + id;
    }

    public String container(String clusterName, String taskId, String containerId) {
        return prefix() + "container/" + clusterName + "/" + taskId + "/" + containerId;
    }

    public String service(String clusterName, String serviceName) {
        return prefix() + "service/" + clusterName + "/" + serviceName;
    }

    public String taskDefinition(String family, int revision) {
        return prefix() + "task-definition/" + family + ":" + revision;
    }

    private String prefix() {
        return "arn:aws:ecs:" + region + ":" + accountId + ":";
    }

    /**
     * The resource part of {@code reference} if it is an ARN of {@code type} in this region and
     * account, the reference itself if it is no ARN, or empty if it is an ARN that does not fit.
     */
    public Optional<String> resourceName(String reference, String type) {
        if (!reference.startsWith("arn:")) {
            return Optional.of(reference);
        }
        Matcher m = ARN.matcher(reference);
        if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(accountId)
                || !m.group(3).equals(type)) {
            return Optional.empty();
        }
        return Optional.of(m.group(4));
    }

    /**
     * The resource type of an ARN of this region and account ({@code cluster}, {@code service}, {@code task},
     * {@code container-instance}, {@code task-definition}, ...), or empty for anything else (no ARN, another
     * region or account).
     */
    public Optional<String> resourceType(String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(accountId)) {
            return Optional.empty();
        }
        return Optional.of(m.group(3));
    }

    /**
     * The cluster segment of a long-format ARN of a resource in a cluster ({@code service/CLUSTER/NAME},
     * {@code task/CLUSTER/ID}, {@code container-instance/CLUSTER/ID}), or empty (a legacy short ARN without it,
     * another type, no ARN).
     */
    public Optional<String> clusterIn(String arn, String type) {
        if (!arn.startsWith("arn:")) {
            return Optional.empty();
        }
        return resourceName(arn, type).flatMap(resource -> {
            int slash = resource.indexOf('/');
            return slash < 0 ? Optional.empty() : Optional.of(resource.substring(0, slash));
        }).filter(Arns::isName);
    }

    /** The cluster name a reference names: {@code NAME} or the cluster's ARN. */
    public Optional<String> clusterName(String reference) {
        return resourceName(reference, "cluster").filter(Arns::isName);
    }

    /** The service name a reference names: {@code NAME}, {@code CLUSTER/NAME} or the service's ARN (long or short). */
    public Optional<String> serviceName(String reference) {
        return lastSegment(reference, "service").filter(Arns::isName);
    }

    /** The task id a reference names: {@code ID}, {@code CLUSTER/ID} or the task's ARN (long or short). */
    public Optional<String> taskId(String reference) {
        return lastSegment(reference, "task").filter(Ids::isId);
    }

    /** The container instance id a reference names: {@code ID}, {@code CLUSTER/ID} or its ARN (long or short). */
    public Optional<String> containerInstanceId(String reference) {
        return lastSegment(reference, "container-instance").filter(Ids::isId);
    }

    /**
     * The id at the end of an ARN this Gantry wrote itself (a container label, a placement failure's closest
     * instance): no checks, since {@link #task} or {@link #containerInstance} formatted it; null stays null.
     */
    public static String idIn(String ownArn) {
        return ownArn == null ? null : ownArn.substring(ownArn.lastIndexOf('/') + 1);
    }

    private static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }

    /** {@code X} or {@code CLUSTER/X} after the resource type; more segments are refused. */
    private Optional<String> lastSegment(String reference, String type) {
        return resourceName(reference, type).flatMap(resource -> {
            int slash = resource.indexOf('/');
            if (slash < 0) {
                return Optional.of(resource);
            }
            String cluster = resource.substring(0, slash);
            String last = resource.substring(slash + 1);
            return isName(cluster) && last.indexOf('/') < 0 ? Optional.of(last) : Optional.empty();
        });
    }
}
