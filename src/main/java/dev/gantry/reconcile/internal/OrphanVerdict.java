package dev.gantry.reconcile.internal;

import dev.gantry.task.ContainerSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the host loop may do with a container listed on a host that no task of the pass claimed: the whole
 * decision, pure, from the container's labels and name, the task row as read after the listing, and times given
 * as inputs. The rules, first match wins:
 * <ol>
 *   <li>another installation's label: {@link Foreign} — never touched, only reported (two installations on one
 *       engine). No installation label: {@link Foreign} too (containers of other tools), unless it is one of ours
 *       from before installation ids: this database holds its task (a random 128-bit id) in the host's cluster,
 *       with a container of that name, and the container's name is the one its labels derive. Such a container
 *       is judged by the rules below like a labelled one, so it goes once its task is STOPPED;</li>
 *   <li>our installation, but the labels contradict themselves or the database ({@link Suspect}, a security
 *       event, never touched): the container's name is not the one its labels derive (labels copied onto
 *       another container), its cluster is not the host's, its task row belongs to another cluster or has no
 *       container of that name, or its task is unknown and was created after the newest task the database
 *       knows (the database went back in time: restored from a backup);</li>
 *   <li>a launch or stop is in flight for its task, or its task row is live (not STOPPED, on any instance):
 *       {@link Keep};</li>
 *   <li>its task is STOPPED: a running container is stopped and removed, an exited one is removed after the
 *       removal delay from the task's stop ({@link Remove} or {@link Wait});</li>
 *   <li>its task is unknown: removed only after the grace period from when this replica first saw it
 *       ({@link Wait} until then; the caller raises an event at first sight).</li>
 * </ol>
 */
public sealed interface OrphanVerdict {

    /** Never touched: not ours to judge. */
    record Foreign(String owner) implements OrphanVerdict {
    }

    /** Never touched, reported as a security event of this kind. */
    record Suspect(String kind, String detail) implements OrphanVerdict {
    }

    /** Its task is live or in flight. */
    record Keep(String why) implements OrphanVerdict {
    }

    /** To be removed at {@code at}, not before; {@code unknownTask} when no task row claims it. */
    record Wait(Instant at, boolean unknownTask) implements OrphanVerdict {
    }

    /** Remove now (stopping it first when it runs). */
    record Remove(boolean stopFirst, String why) implements OrphanVerdict {
    }

    String MISSING = "(none)";

    /** The task row as read after the listing; {@code stoppedAt} is null unless STOPPED. */
    record TaskRow(String clusterArn, boolean stopped, Instant stoppedAt, Set<String> containerNames) {
    }

    /**
     * What the host loop knows about one container when it judges it.
     *
     * @param newestKnownTask created_at of the newest task the database holds (null when it holds none), read only
     *                        when the task is unknown
     */
    record Facts(String containerName, Map<String, String> labels, boolean running, String installation,
            String hostClusterArn, TaskRow row, boolean inFlight, Instant firstSeen, Instant newestKnownTask) {
    }

    static OrphanVerdict of(Facts f, Instant now, Duration unknownGrace, Duration removalDelay) {
        String owner = f.labels().get(ContainerSpecs.LABEL_INSTALLATION);
        if (owner == null || owner.isBlank()) {
            if (!fromBeforeInstallationIds(f)) {
                return new Foreign(MISSING);
            }
        } else if (!owner.equals(f.installation())) {
            return new Foreign(owner);
        }
        String taskArn = f.labels().get(ContainerSpecs.LABEL_TASK_ARN);
        String name = f.labels().get(ContainerSpecs.LABEL_CONTAINER_NAME);
        String taskId = Observations.taskIdOf(taskArn);
        if (taskId == null || name == null || !ContainerSpecs.containerName(taskId, name).equals(f.containerName())) {
            return new Suspect("name_mismatch", "container " + f.containerName() + " carries the labels of "
                    + (taskId == null ? "no task" : ContainerSpecs.containerName(taskId, String.valueOf(name))));
        }
        String cluster = f.labels().get(ContainerSpecs.LABEL_CLUSTER);
        if (!Objects.equals(cluster, f.hostClusterArn())) {
            return new Suspect("cluster_mismatch", "labelled for cluster " + cluster + " on a host of " + f.hostClusterArn());
        }
        if (f.row() != null && (!f.row().clusterArn().equals(cluster) || !f.row().containerNames().contains(name))) {
            return new Suspect("task_mismatch", "task " + taskId + " is of cluster " + f.row().clusterArn()
                    + " with containers " + f.row().containerNames() + ", not " + cluster + " / " + name);
        }
        if (f.inFlight()) {
            return new Keep("a launch or stop of task " + taskId + " is in flight");
        }
        if (f.row() != null && !f.row().stopped()) {
            return new Keep("task " + taskId + " is live");
        }
        if (f.row() != null) {
            if (f.running()) {
                return new Remove(true, "task " + taskId + " is STOPPED");
            }
            Instant at = f.row().stoppedAt() == null ? now : f.row().stoppedAt().plus(removalDelay);
            return at.isAfter(now) ? new Wait(at, false) : new Remove(false, "task " + taskId + " is STOPPED");
        }
        Instant created = createdAt(f.labels());
        if (created != null && (f.newestKnownTask() == null || created.isAfter(f.newestKnownTask()))) {
            return new Suspect("ahead_of_database", "task " + taskId + " was created at " + created
                    + ", after the newest task the database knows (" + f.newestKnownTask() + "): was it restored from a backup?");
        }
        Instant at = f.firstSeen().plus(unknownGrace);
        return at.isAfter(now) ? new Wait(at, true) : new Remove(f.running(), "task " + taskId + " is unknown");
    }

    /** Unlabelled, but its task row, cluster and name all agree with this database: ours, made before the label. */
    private static boolean fromBeforeInstallationIds(Facts f) {
        String taskId = Observations.taskIdOf(f.labels().get(ContainerSpecs.LABEL_TASK_ARN));
        String name = f.labels().get(ContainerSpecs.LABEL_CONTAINER_NAME);
        String cluster = f.labels().get(ContainerSpecs.LABEL_CLUSTER);
        return f.row() != null && taskId != null && name != null
                && ContainerSpecs.containerName(taskId, name).equals(f.containerName())
                && Objects.equals(cluster, f.hostClusterArn()) && f.row().clusterArn().equals(cluster)
                && f.row().containerNames().contains(name);
    }

    private static Instant createdAt(Map<String, String> labels) {
        String value = labels.get(ContainerSpecs.LABEL_TASK_CREATED_AT);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
