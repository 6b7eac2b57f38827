package dev.gantry.service;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes service events in ECS's wording ("(service NAME) ..."). The same message as the last one
 * is not repeated within an hour. Every recorded event is also logged with the service's fields.
 */
@Component
public class ServiceEvents {

    private static final Logger log = LoggerFactory.getLogger(ServiceEvents.class);
    public static final Duration QUIET = Duration.ofHours(1);

    private final ServiceRepository services;
    private final ClusterDirectory clusters;
    private final Arns arns;

    ServiceEvents(ServiceRepository services, ClusterDirectory clusters, GantryProperties properties) {
        this.services = services;
        this.clusters = clusters;
        this.arns = properties.arns();
    }

    /** The stoppedReason of a task the service scheduler stops for scale-in or a deployment, in ECS's words. */
    public static String scalingActivity(String deploymentId) {
        return "Scaling activity initiated by (deployment " + deploymentId + ")";
    }

    /** The stoppedReason of a service task replaced because its container health check failed, in ECS's words. */
    public static final String FAILED_HEALTH_CHECKS = "Task failed container health checks";

    /** ECS's way of naming tasks in an event: {@code (task id) (task id)}. */
    public static String taskList(java.util.List<String> ids) {
        return ids.stream().map(id -> "(task " + id + ")").collect(java.util.stream.Collectors.joining(" "));
    }

    public void record(Service service, String sentence) {
        String message = "(service " + service.name() + ") " + sentence;
        if (services.addEvent(service.id(), message, QUIET)) {
            String cluster = clusters.nameOf(service.clusterId());
            var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("service", service.name())
                    .addKeyValue("serviceArn", arns.service(cluster, service.name()));
            String taskId = taskIdIn(sentence);
            if (taskId != null) {
                line = line.addKeyValue("taskArn", arns.task(cluster, taskId));
            }
            line.log("Service event: {}", message);
        }
    }

    /** The first "(task ID)" of a sentence, so single-task events carry the task ARN as a field. */
    static String taskIdIn(String sentence) {
        int at = sentence.indexOf("(task ");
        if (at < 0) {
            return null;
        }
        int end = sentence.indexOf(')', at);
        return end < 0 ? null : sentence.substring(at + 6, end).trim();
    }
}
