package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.postgres.BackgroundWork;
import dev.gantry.reconcile.internal.Observations;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.task.LaunchPlan;
import dev.gantry.task.ServiceNames;
import dev.gantry.task.Task;
import dev.gantry.task.TaskLifecycle;
import dev.gantry.task.TaskDefinitionDocuments;
import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskRepository;
import dev.gantry.task.TaskTransitions;
import dev.gantry.task.ContainerSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts and stops one task's containers on its host. Both are idempotent: a launch retried after
 * a crash finds its containers by their derived names (create answers CONFLICT) and carries on;
 * a stop of stopped or missing containers succeeds. At most one launch or stop runs per task.
 */
@Component
class TaskLauncher {

    private static final Logger log = LoggerFactory.getLogger(TaskLauncher.class);
    private static final Duration DEPENDENCY_POLL = Duration.ofMillis(200);

    private final TaskRepository tasks;
    private final TaskTransitions transitions;
    private final TaskDefinitionDocuments definitions;
    private final ClusterDirectory clusters;
    private final ReconcilerProperties properties;
    private final Arns arns;
    private final Set<TaskId> inFlight = ConcurrentHashMap.newKeySet();
    private final ServiceNames serviceNames;
    private final ClusterLeadership leadership;
    private final Installation installation;
    private final DatabaseClock clock;

    TaskLauncher(TaskRepository tasks, TaskTransitions transitions, TaskDefinitionDocuments definitions,
            ClusterDirectory clusters, ReconcilerProperties properties, GantryProperties gantry, ServiceNames serviceNames,
            ClusterLeadership leadership, Installation installation, DatabaseClock clock) {
        this.clock = clock;
        this.leadership = leadership;
        this.installation = installation;
        this.tasks = tasks;
        this.transitions = transitions;
        this.definitions = definitions;
        this.clusters = clusters;
        this.properties = properties;
        this.arns = gantry.arns();
        this.serviceNames = serviceNames;
    }

    boolean busy(TaskId taskId) {
        return inFlight.contains(taskId);
    }

    /** No launch or stop runs now: a scenario test's step waits for this before it judges the state. */
    boolean idle() {
        return inFlight.isEmpty();
    }

    /**
     * Runs {@code work} for the task on a virtual thread unless something already runs for it. {@code work} answers
     * whether it settled the task (RUNNING, STOPPED); when it did not, or failed, {@code unsettled} asks for a pass.
     * A settled launch needs no pass of its own: at a thousand hosts, one per task would be most of the database work.
     */
    void submit(Task task, String what, BooleanSupplier work, Runnable unsettled) {
        if (!inFlight.add(task.id())) {
            return;
        }
        Thread.ofVirtual().name(what + "-" + task.id()).start(() -> {
            boolean settled = false;
            try {
                settled = BackgroundWork.call(BackgroundWork.Workload.HOSTS, work::getAsBoolean);
            } catch (RuntimeException e) {
                log.warn("{} of task {} failed; the next pass retries: {}", what, task.id(), e.toString());
            } finally {
                inFlight.remove(task.id());
                if (!settled) {
                    unsettled.run();
                }
            }
        });
    }

    ContainerSpecs.TaskIdentity identity(Task task) {
        String cluster = clusters.name(task.clusterId().value());
        String service = task.serviceId() == null ? null : serviceNames.of(task.serviceId())
                .orElseThrow(() -> new IllegalStateException("no service " + task.serviceId()));
        return new ContainerSpecs.TaskIdentity(task.id().value(), arns.task(cluster, task.id().value()), arns.cluster(cluster),
                definitions.byId(task.taskDefinitionId()).taskDefinitionArn(), service, task.launchEpoch(), installation.id(),
                task.createdAt());
    }

    /**
     * Creates every container (pulling as the policy says), then starts them in dependsOn order, and records
     * the outcome in one write. A container is inspected after its start only when the create did not give
     * its id (a retried launch) or it publishes ports (the engine picks dynamic host ports): every other
     * fact the task shows as RUNNING is already known, and the host loop's next listing adds the rest.
     */
    boolean launch(DockerHost host, Task task) {
        // the launch runs after the pass that submitted it; a replica no longer leading (paused, cut off from the
        // database) makes no Docker mutation on an authority the database can no longer confirm
        if (!leadership.leads(task.clusterId().value())) {
            return false;
        }
        LaunchPlan plan = definitions.plan(task.taskDefinitionId(), task.overridesJson());
        ContainerSpecs.TaskIdentity id = identity(task);
        // stored beside createdAt and startedAt, which the database writes: the same clock, or skew reorders them
        Instant pullStarted = clock.now();
        Instant pullStopped = null;
        try {
            if (ContainerSpecs.needsOwnNetwork(plan)) {
                host.ensureNetwork(ContainerSpecs.taskNetwork(plan, task.id().value()), ContainerSpecs.labels(id, ""));
            }
            Map<String, String> runtimeIds = new HashMap<>();
            for (LaunchPlan.ContainerPlan c : plan.startOrder()) {
                createOnce(host, ContainerSpecs.spec(plan, c, id, properties.imagePull()))
                        .ifPresent(ref -> runtimeIds.put(c.name(), ref.idOrName()));
            }
            pullStopped = clock.now();
            List<TaskRepository.ContainerUpdate> started = new ArrayList<>();
            boolean first = true;
            for (LaunchPlan.ContainerPlan c : plan.startOrder()) {
                // the pass that submitted this launch saw the task wanted; later containers re-check
                if ((!first && stopRequested(task)) || !leadership.leads(task.clusterId().value())) {
                    return false;
                }
                first = false;
                awaitDependencies(host, task, c);
                ContainerRef ref = new ContainerRef(ContainerSpecs.containerName(task.id().value(), c.name()));
                host.start(ref);
                String runtimeId = runtimeIds.get(c.name());
                if (runtimeId == null || !c.portMappings().isEmpty()) {
                    host.inspect(ref).ifPresent(o -> started.add(update(c.name(), o)));
                } else {
                    started.add(new TaskRepository.ContainerUpdate(c.name(), runtimeId, ContainerStatus.RUNNING, null, null,
                            Observations.health(null), List.of(), null));
                }
            }
            transitions.markRunning(task, pullStarted, pullStopped, started);
        } catch (DockerHostException e) {
            if (e.kind() == DockerHostException.Kind.UNREACHABLE) {
                throw e;
            }
            failToStart(host, task, plan, reasonFor(e), pullStarted, pullStopped);
        } catch (DependencyFailed e) {
            failToStart(host, task, plan, e.getMessage(), pullStarted, pullStopped);
        }
        return true;
    }

    /** The created container, or empty when it already existed (a retried launch). */
    private static Optional<ContainerRef> createOnce(DockerHost host, ContainerSpec spec) {
        try {
            return Optional.of(host.create(spec));
        } catch (DockerHostException e) {
            if (e.kind() != DockerHostException.Kind.CONFLICT) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static String reasonFor(DockerHostException e) {
        String message = e.getMessage() == null ? e.kind().name() : e.getMessage();
        return switch (e.kind()) {
            case IMAGE_PULL -> message.startsWith("CannotPullContainerError") ? message : "CannotPullContainerError: " + message;
            case NOT_FOUND, CONFLICT, REFUSED, UNREACHABLE ->
                    message.startsWith("Cannot") ? message : "CannotStartContainerError: " + message;
        };
    }

    private boolean stopRequested(Task task) {
        return tasks.find(task.id()).map(t -> t.desiredStatus() == TaskLifecycle.DesiredStatus.STOPPED).orElse(true);
    }

    private static final class DependencyFailed extends RuntimeException {
        DependencyFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Waits until each dependency meets its condition (START, COMPLETE, SUCCESS, HEALTHY) or startTimeout passes. */
    private void awaitDependencies(DockerHost host, Task task, LaunchPlan.ContainerPlan c) {
        Duration limit = c.startTimeout() != null ? Duration.ofSeconds(c.startTimeout()) : properties.defaultStartTimeout();
        for (LaunchPlan.Dependency d : c.dependsOn()) {
            // a span of real time the engine takes, measured as a duration (System.nanoTime), not a time of day
            long deadline = System.nanoTime() + limit.toNanos();
            ContainerRef ref = new ContainerRef(ContainerSpecs.containerName(task.id().value(), d.containerName()));
            while (true) {
                Optional<ContainerObservation> o = host.inspect(ref);
                String verdict = o.map(obs -> DependencyConditions.verdict(d.condition(), obs)).orElse("wait");
                if (verdict.equals("met")) {
                    break;
                }
                if (verdict.startsWith("failed") || System.nanoTime() - deadline > 0 || stopRequested(task)) {
                    throw new DependencyFailed("DependencyError: container " + c.name() + " depends on " + d.containerName()
                            + " being " + d.condition() + ", which "
                            + (verdict.startsWith("failed") ? verdict.substring(7) : "did not happen within " + limit.toSeconds() + " s"));
                }
                sleep(DEPENDENCY_POLL);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code pullStopped}: null when the containers were not all created. */
    private void failToStart(DockerHost host, Task task, LaunchPlan plan, String reason, Instant pullStarted, Instant pullStopped) {
        if (!leadership.leads(task.clusterId().value())) {
            // the lease moved while this launch pulled or created: the new holder owns the task now, and may have
            // started that very container; stopping it or recording the failure is no longer this replica's to do
            log.info("Task {} failed to start after this replica lost the lease: left to the holder ({})", task.id(), reason);
            return;
        }
        log.info("Task {} failed to start: {}", task.id(), reason);
        if (pullStopped != null) {
            tasks.markPulled(task.id(), pullStarted, pullStopped);
        }
        for (LaunchPlan.ContainerPlan c : plan.containers()) {
            ContainerRef ref = new ContainerRef(ContainerSpecs.containerName(task.id().value(), c.name()));
            try {
                host.inspect(ref).ifPresent(o -> record(task, c.name(), o));
                host.stop(ref, Duration.ofSeconds(2));
            } catch (DockerHostException ignored) {
                // best effort: the orphan collector removes what is left once the task is STOPPED
            }
        }
        transitions.stopNow(task, StopCause.FAILED_TO_START, reason.length() > 1024 ? reason.substring(0, 1024) : reason);
    }

    /** Stops containers in reverse dependsOn order, each with its stopTimeout, then records STOPPED. */
    boolean stop(DockerHost host, Task task) {
        if (!leadership.leads(task.clusterId().value())) {
            return false;
        }
        LaunchPlan plan = definitions.plan(task.taskDefinitionId(), task.overridesJson());
        transitions.markStopping(task);
        List<LaunchPlan.ContainerPlan> order = plan.startOrder().reversed();
        for (LaunchPlan.ContainerPlan c : order) {
            ContainerRef ref = new ContainerRef(ContainerSpecs.containerName(task.id().value(), c.name()));
            Duration grace = c.stopTimeout() != null ? Duration.ofSeconds(c.stopTimeout()) : properties.defaultStopTimeout();
            try {
                host.stop(ref, grace);
                host.inspect(ref).ifPresent(o -> record(task, c.name(), o));
            } catch (DockerHostException e) {
                if (e.kind() == DockerHostException.Kind.UNREACHABLE) {
                    throw e;
                }
            }
        }
        transitions.markStopped(task);
        return true;
    }

    void record(Task task, String containerName, ContainerObservation o) {
        tasks.updateContainer(task.id(), update(containerName, o));
    }

    private static TaskRepository.ContainerUpdate update(String containerName, ContainerObservation o) {
        Observations.ContainerState s = Observations.of(o);
        return new TaskRepository.ContainerUpdate(containerName, s.runtimeId(), s.lastStatus(), s.exitCode(), s.reason(),
                s.health(), s.bindings(), o.imageId());
    }
}
