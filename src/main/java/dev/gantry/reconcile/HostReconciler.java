package dev.gantry.reconcile;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.instance.InstanceProperties;
import dev.gantry.reconcile.internal.Observations;
import dev.gantry.task.Task;
import dev.gantry.task.TaskContainer;
import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCode;
import dev.gantry.task.TaskRepository;
import dev.gantry.task.TaskTransitions;
import dev.gantry.task.internal.ContainerSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-host loop. Each pass lists the host's containers carrying this cluster's label and
 * compares them with the tasks placed there:
 * <ol>
 *   <li>PENDING tasks with nothing in flight are launched (idempotently);</li>
 *   <li>RUNNING tasks take their containers' status, health and bindings; an essential container
 *       that exited or vanished stops the task (EssentialContainerExited);</li>
 *   <li>tasks whose desiredStatus is STOPPED are stopped, dependents first;</li>
 *   <li>containers whose task is STOPPED or unknown are orphans: running ones are stopped and
 *       removed at once (this is what removes duplicates after a partition heals), exited ones are
 *       removed after the removal delay.</li>
 * </ol>
 * Correct with no Docker events at all; events only bring a pass forward.
 */
@Component
class HostReconciler implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(HostReconciler.class);

    private final ContainerInstanceRepository instances;
    private final InstanceDockerHosts hosts;
    private final TaskRepository tasks;
    private final TaskTransitions transitions;
    private final TaskLauncher launcher;
    private final ClusterDirectory clusters;
    private final ReconcilerProperties properties;
    private final InstanceProperties instanceProperties;
    private volatile ReconcileQueue<String> queue;

    HostReconciler(ContainerInstanceRepository instances, InstanceDockerHosts hosts, TaskRepository tasks,
            TaskTransitions transitions, TaskLauncher launcher, ClusterDirectory clusters, ReconcilerProperties properties,
            InstanceProperties instanceProperties) {
        this.instances = instances;
        this.hosts = hosts;
        this.tasks = tasks;
        this.transitions = transitions;
        this.launcher = launcher;
        this.clusters = clusters;
        this.properties = properties;
        this.instanceProperties = instanceProperties;
    }

    void attach(ReconcileQueue<String> queue) {
        this.queue = queue;
    }

    @Override
    public Outcome reconcile(String instanceId) {
        return instances.findById(instanceId).map(this::reconcile).orElse(Outcome.done());
    }

    /** One pass over an instance row the caller has just read. */
    Outcome reconcile(ContainerInstance instance) {
        return reconcile(instance, Set.of());
    }

    /**
     * {@code exitedByEvent}: ids of containers whose exit the engine announced (a {@code die} event) since the last
     * pass. The engine's list is a snapshot that may lag its events by a moment, more on a busy host: a container
     * listed as running after its die event is inspected, which reads its live state, so the exit is seen by this
     * pass and not by the next resync.
     */
    Outcome reconcile(ContainerInstance instance, Set<String> exitedByEvent) {
        String instanceId = instance.id();
        if (instance.status() == ContainerInstance.Status.INACTIVE) {
            return Outcome.done();
        }
        if (!instance.agentConnected()) {
            return Outcome.after(instanceProperties.heartbeatInterval());
        }
        DockerHost host = hosts.forInstance(instanceId);
        // Tasks before containers: a launch running beside this pass records RUNNING only after its containers
        // exist, so every task read here as RUNNING has its containers in the list taken afterwards. Read the
        // other way round, a task that became RUNNING in between looked as if its containers had vanished.
        List<Task> active = tasks.activeOnInstance(instanceId);
        // launches and stops need no listing (both are idempotent), so they start before it
        for (Task task : active) {
            startWork(host, task);
        }
        List<ContainerObservation> observed;
        Instant listedAt = Instant.now();
        try {
            observed = host.list(Map.of(ContainerSpecs.LABEL_CLUSTER, clusters.arn(instance.clusterId())));
        } catch (DockerHostException e) {
            return Outcome.after(instanceProperties.heartbeatInterval());
        }
        Map<String, List<ContainerObservation>> byTask = new LinkedHashMap<>();
        for (ContainerObservation o : observed) {
            String taskId = Observations.taskIdOf(o.labels().get(ContainerSpecs.LABEL_TASK_ARN));
            if (taskId != null) {
                byTask.computeIfAbsent(taskId, k -> new ArrayList<>()).add(o);
            }
        }
        for (Task task : active) {
            handleTask(host, task, confirmExits(host, byTask.remove(task.id()), exitedByEvent), listedAt);
        }
        byTask.forEach((taskId, containers) -> collectOrphan(host, taskId, containers));
        // the next pass comes from HostLoops' resync timer (or an event before it); requeueing here as well doubled them
        return Outcome.done();
    }

    /** Launches a task just committed on its instance, as a pass would. */
    void launchPlaced(Task task) {
        if (task.containerInstanceId() == null) {
            return;
        }
        try {
            startWork(hosts.forInstance(task.containerInstanceId()), task);
        } catch (RuntimeException e) {
            // no client for the host right now: its pass will retry
            trigger(task.containerInstanceId());
        }
    }

    private void startWork(DockerHost host, Task task) {
        if (launcher.busy(task.id())) {
            return;
        }
        Runnable again = () -> trigger(task.containerInstanceId());
        if (task.desiredStatus() == DesiredStatus.STOPPED) {
            launcher.submit(task, "stop", () -> launcher.stop(host, task), again);
        } else if (task.lastStatus().isBefore(LastStatus.RUNNING)) {
            launcher.submit(task, "launch", () -> launcher.launch(host, task), again);
        }
    }

    private static List<ContainerObservation> confirmExits(DockerHost host, List<ContainerObservation> listed,
            Set<String> exitedByEvent) {
        if (listed == null || exitedByEvent.isEmpty()) {
            return listed;
        }
        List<ContainerObservation> confirmed = new ArrayList<>(listed.size());
        for (ContainerObservation o : listed) {
            if (o.running() && exitedByEvent.contains(o.id())) {
                log.debug("The listing of {} lags its die event; inspecting it", o.name());
                confirmed.add(detailed(host, o));
            } else {
                confirmed.add(o);
            }
        }
        return confirmed;
    }

    private void handleTask(DockerHost host, Task task, List<ContainerObservation> containers, Instant listedAt) {
        boolean runningAsRead = task.desiredStatus() == DesiredStatus.RUNNING && !task.lastStatus().isBefore(LastStatus.RUNNING);
        if (runningAsRead && !launcher.busy(task.id())) {
            observeRunning(host, task, containers == null ? List.of() : containers, listedAt);
        }
    }

    /**
     * {@code listedAt}: when the host's containers were listed. A container missing from a list older than
     * the task's start proves nothing (a belt to the braces of reading the tasks first).
     */
    private void observeRunning(DockerHost host, Task task, List<ContainerObservation> containers, Instant listedAt) {
        Map<String, Observations.ContainerState> byName = new HashMap<>();
        Map<String, TaskContainer> stored = new HashMap<>();
        task.containers().forEach(c -> stored.put(c.name(), c));
        for (ContainerObservation listed : containers) {
            String name = listed.labels().get(ContainerSpecs.LABEL_CONTAINER_NAME);
            ContainerObservation o = Observations.changed(stored.get(name), Observations.of(listed)) && listed.finished()
                    ? detailed(host, listed) : listed;
            Observations.ContainerState state = Observations.of(o);
            byName.put(name, state);
            // a steady container costs no write: passes stay flat as healthy tasks accumulate
            if (Observations.changed(stored.get(name), state)) {
                launcher.record(task, name, o);
            }
        }
        Map<String, String> health = new HashMap<>();
        byName.forEach((name, s) -> health.put(name, s.health()));
        String taskHealth = Observations.taskHealth(task.containers(), health);
        if (!taskHealth.equals(task.healthStatus())) {
            tasks.updateHealth(task.id(), taskHealth);
        }
        Optional<String> exited = Observations.exitedEssential(task.containers(), byName);
        boolean listPredatesStart = task.startedAt() == null || !task.startedAt().isBefore(listedAt);
        if (exited.isPresent() && byName.get(exited.get()) == null && listPredatesStart) {
            trigger(task.containerInstanceId());
            return;
        }
        if (exited.isPresent()) {
            Observations.ContainerState s = byName.get(exited.get());
            String why = s == null ? "Essential container in task exited (container " + exited.get() + " was removed from the host)"
                    : "Essential container in task exited";
            if (transitions.requestStop(task, StopCode.EssentialContainerExited.name(), why)) {
                log.info("Task {}: essential container {} exited (code {})", task.id(), exited.get(),
                        s == null ? "unknown" : s.exitCode());
                trigger(task.containerInstanceId());
            }
        }
    }

    /** The listing has no OOM flag or error text: an exit about to be recorded is inspected for them. */
    private static ContainerObservation detailed(DockerHost host, ContainerObservation listed) {
        try {
            return host.inspect(new ContainerRef(listed.id())).orElse(listed);
        } catch (DockerHostException e) {
            return listed;
        }
    }

    /** Containers no live task owns. Running ones are stopped and removed now; exited ones after the removal delay. */
    private void collectOrphan(DockerHost host, String taskId, List<ContainerObservation> containers) {
        Optional<Instant> stoppedAt = tasks.stoppedAt(taskId);
        boolean unknown = tasks.find(taskId).isEmpty();
        boolean expired = unknown || stoppedAt.map(t -> t.plus(properties.containerRemovalDelay()).isBefore(Instant.now()))
                .orElse(false);
        boolean anyRemaining = false;
        for (ContainerObservation o : containers) {
            ContainerRef ref = new ContainerRef(o.id());
            try {
                if (o.running()) {
                    log.info("Stopping orphan container {} of {} task {}", o.name(), unknown ? "unknown" : "stopped", taskId);
                    host.stop(ref, Duration.ofSeconds(10));
                    host.remove(ref);
                } else if (expired) {
                    host.remove(ref);
                } else {
                    anyRemaining = true;
                }
            } catch (DockerHostException e) {
                anyRemaining = true;
                log.debug("Orphan cleanup of {} deferred: {}", o.name(), e.toString());
            }
        }
        if (!anyRemaining) {
            try {
                host.removeNetwork("gantry-" + taskId);
            } catch (DockerHostException ignored) {
                // no network or engine busy: the next pass tries again only if containers remain
            }
        }
    }

    private void trigger(String instanceId) {
        ReconcileQueue<String> q = queue;
        if (q != null && instanceId != null) {
            q.trigger(instanceId);
        }
    }
}
