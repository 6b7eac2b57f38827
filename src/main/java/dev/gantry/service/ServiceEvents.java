package dev.gantry.service;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskId;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.placement.Failure;
import dev.gantry.placement.Reasons;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes service events in ECS's wording ("(service NAME) ..."), and owns every sentence and reason the service
 * scheduler writes: events are recorded only as a {@link Sentence}, which only the factories below make, so a
 * caller cannot word one of its own. The same message as the last one is not repeated within an hour. Every
 * recorded event is also logged with the service's fields.
 *
 * <p>The wording follows ECS's service event messages, stopped reasons and rollout state reasons where ECS has
 * one (started, stopped, steady state, deployment completed or failed, unable to place, unable to start
 * consistently, the deployment-configuration deadlock); the rest (rollback, rebalancing, deletion, unknown
 * containers, suspended evictions) are Gantry's own, in the same form. {@code ServiceEventsTest} pins each.
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

    /**
     * The words of one event after "(service NAME) ", made only by this class. {@code taskId} is the one task the
     * event is about (logged as the task's ARN), or null when it names none or several.
     */
    public static final class Sentence {
        private final String text;
        private final String taskId;

        private Sentence(String text, String taskId) {
            this.text = text;
            this.taskId = taskId;
        }

        public String text() {
            return text;
        }

        String taskId() {
            return taskId;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // ---- events ECS writes too, in its words ----

    /** {@code has started 2 tasks: (task a) (task b).} (ECS keeps "tasks" for one task too). */
    public static Sentence started(List<String> taskIds) {
        return new Sentence("has started " + taskIds.size() + " tasks: " + taskList(taskIds) + ".", onlyOne(taskIds));
    }

    /** {@code has stopped 1 running tasks: (task a).} */
    public static Sentence stopped(List<String> taskIds) {
        return new Sentence("has stopped " + taskIds.size() + " running tasks: " + taskList(taskIds) + ".", onlyOne(taskIds));
    }

    public static Sentence steadyState() {
        return new Sentence("has reached a steady state.", null);
    }

    public static Sentence deploymentCompleted(String deploymentId) {
        return new Sentence("(deployment " + deploymentId + ") deployment completed.", null);
    }

    /** The circuit breaker tripped. */
    public static Sentence deploymentFailed(String deploymentId) {
        return new Sentence("(deployment " + deploymentId + ") deployment failed: tasks failed to start.", null);
    }

    /** The launch throttle is holding launches back. */
    public static Sentence unableToStartConsistently() {
        return new Sentence("is unable to consistently start tasks successfully.", null);
    }

    /** minimumHealthyPercent and maximumPercent leave nothing that may stop or start. */
    public static Sentence deploymentConfigurationDeadlock() {
        return new Sentence("was unable to stop or start tasks during a deployment because of the service deployment "
                + "configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", null);
    }

    /** A task could not be placed: ECS's sentence for the closest instance's failure reason. */
    public static Sentence unableToPlace(Failure f) {
        String start = "was unable to place a task because no container instance met all of its requirements. ";
        if (f.closestInstanceArn() == null || Reasons.NO_INSTANCES.equals(f.reason())) {
            return new Sentence(start + "No Container Instances were found in your cluster.", null);
        }
        String why = switch (f.reason()) {
            case Reasons.MEMORY -> "has insufficient memory available";
            case Reasons.CPU -> "has insufficient CPU units available";
            case Reasons.PORTS -> "is already using a port required by your task";
            case Reasons.AGENT -> "encountered error \"AGENT\"";
            case Reasons.ATTRIBUTE -> "is missing an attribute required by your task";
            case Reasons.DISTINCT_INSTANCE, Reasons.MEMBER_OF, Reasons.MAX_PER_INSTANCE -> "does not meet the placement constraints";
            default -> "encountered error \"" + f.reason() + "\"";
        };
        return new Sentence(start + "The closest matching (container-instance " + Arns.idIn(f.closestInstanceArn()) + ") "
                + why + ".", null);
    }

    // ---- Gantry's own events, in the same form ----

    /** The circuit breaker rolled the failed deployment back to the last completed one. */
    public static Sentence rollingBack(String failedDeploymentId, String toDeploymentId) {
        return new Sentence("(deployment " + failedDeploymentId + ") rolling back to deployment " + toDeploymentId + ".", null);
    }

    /** Availability-zone rebalancing started one task where the spread wants it. */
    public static Sentence rebalancing(TaskId startedTask, InstanceId to, InstanceId from) {
        return new Sentence("is rebalancing: started (task " + startedTask.value() + ") on (container-instance " + to.value()
                + ") to move a task away from (container-instance " + from.value() + ").", startedTask.value());
    }

    /** A deleted (DRAINING) service has no tasks left and went INACTIVE. */
    public static Sentence deleted() {
        return new Sentence("has been deleted.", null);
    }

    /** A container labelled with this service names a task the database does not know. */
    public static Sentence unknownTaskContainer(String containerName, TaskId task, InstanceId instance, Instant removalAt) {
        return new Sentence("found container " + containerName + " of unknown task (task " + task.value() + ") on container instance "
                + instance.value() + "; it will be removed at " + removalAt + " unless its task appears.", task.value());
    }

    /** The mass-eviction guard suspended host-loss evictions in the service's cluster. */
    public static Sentence evictionsSuspended(String reason) {
        return new Sentence("is not replacing tasks of unreachable container instances: " + reason
                + ". Evictions resume when enough instances answer again.", null);
    }

    // ---- stopped reasons of the tasks the service scheduler stops, in ECS's words ----

    /** The stoppedReason of a task the service scheduler stops for scale-in or a deployment, in ECS's words. */
    public static String scalingActivity(String deploymentId) {
        return "Scaling activity initiated by (deployment " + deploymentId + ")";
    }

    /** The stoppedReason of a service task replaced because its container health check failed, in ECS's words. */
    public static final String FAILED_HEALTH_CHECKS = "Task failed container health checks";

    // ---- a deployment's rolloutStateReason, in ECS's words ----

    public static String rolloutInProgress(String deploymentId) {
        return "ECS deployment " + deploymentId + " in progress.";
    }

    public static String rolloutCompleted(String deploymentId) {
        return "ECS deployment " + deploymentId + " completed.";
    }

    public static final String ROLLOUT_FAILED_BY_CIRCUIT_BREAKER = "ECS deployment circuit breaker: tasks failed to start.";

    /** ECS's way of naming tasks in an event: {@code (task id) (task id)}. */
    static String taskList(List<String> ids) {
        return ids.stream().map(id -> "(task " + id + ")").collect(Collectors.joining(" "));
    }

    private static String onlyOne(List<String> taskIds) {
        return taskIds.size() == 1 ? taskIds.getFirst() : null;
    }

    /** The stored message: ECS's {@code (service NAME) } before the sentence. */
    static String message(String serviceName, Sentence sentence) {
        return "(service " + serviceName + ") " + sentence.text();
    }

    public void record(Service service, Sentence sentence) {
        String message = message(service.name(), sentence);
        if (services.addEvent(service.id(), message, QUIET)) {
            String cluster = clusters.nameOf(service.clusterId());
            var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("service", service.name())
                    .addKeyValue("serviceArn", arns.service(cluster, service.name()));
            if (sentence.taskId() != null) {
                line = line.addKeyValue("taskArn", arns.task(cluster, sentence.taskId()));
            }
            line.log("Service event: {}", message);
        }
    }
}
