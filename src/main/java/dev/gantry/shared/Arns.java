package dev.gantry.shared;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats and parses the long-format ARNs ECS clients expect. Every reference the API accepts may
 * be the short name/id or the full ARN; {@link #resourceName} turns either into the short form and
 * rejects ARNs of another resource type, region or account.
 */
public record Arns(String region, String accountId) {

    private static final Pattern ARN = Pattern.compile(
            "arn:aws:ecs:([^:]+):(\\d{12}):([a-z-]+)/(.+)");

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
}
