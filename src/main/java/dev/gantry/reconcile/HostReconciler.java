package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import dev.gantry.shared.InstanceId;
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
import dev.gantry.reconcile.internal.OrphanVerdict;
import dev.gantry.task.Task;
import dev.gantry.task.TaskContainer;
import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskRepository;
import dev.gantry.task.TaskTransitions;
import dev.gantry.task.ContainerSpecs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>every other container is judged by {@link OrphanVerdict} against its task row read <em>after</em> the
 *       listing: another installation's or unlabelled ones are never touched, self-contradicting labels are a
 *       security event, a live or in-flight task's are kept, a STOPPED task's are removed (running ones at once:
 *       this is what removes duplicates after a partition heals; exited ones after the removal delay), an
 *       unknown task's after a grace period and an event. Removal happens only in
 *       {@link #removeOrphanOnLeaseAuthority}, which re-reads the task under the lease fence first.</li>
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
    private final Installation installation;
    private final LeaseFence fence;
    private final OrphanReports reports;
    private final DatabaseClock clock;
    /**
     * Per instance: when this replica first saw each container the pass did not claim (the unknown-task grace runs
     * from there). Replaced by every pass with the containers still listed, so it holds no more than the hosts do;
     * a new replica starts the grace afresh, which only delays removal.
     */
    private final Map<String, Map<String, Sighting>> sightings = new ConcurrentHashMap<>();

    /** When this replica first saw a container, and what it has reported about it since (each kind once). */
    private record Sighting(Instant firstSeen, Set<String> reported) {
        boolean firstReport(String kind) {
            return reported.add(kind);
        }
    }

    HostReconciler(ContainerInstanceRepository instances, InstanceDockerHosts hosts, TaskRepository tasks,
            TaskTransitions transitions, TaskLauncher launcher, ClusterDirectory clusters, ReconcilerProperties properties,
            InstanceProperties instanceProperties, Installation installation, LeaseFence fence,
            OrphanReports reports, DatabaseClock clock) {
        this.installation = installation;
        this.fence = fence;
        this.reports = reports;
        this.clock = clock;
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
            sightings.remove(instanceId);
            return Outcome.done();
        }
        if (!instance.agentConnected()) {
            return Outcome.after(instanceProperties.heartbeatInterval());
        }
        DockerHost host = hosts.forInstance(instanceId);
        // the lease authority this pass acts under: an orphan is removed only while the database confirms it
        Optional<LeaseFence.Authority> authority = fence.current(instance.clusterId());
        // Tasks before containers: a launch running beside this pass records RUNNING only after its containers
        // exist, so every task read here as RUNNING has its containers in the list taken afterwards. Read the
        // other way round, a task that became RUNNING in between looked as if its containers had vanished.
        List<Task> active = tasks.activeOnInstance(new InstanceId(instanceId));
        // launches and stops need no listing (both are idempotent), so they start before it
        for (Task task : active) {
            startWork(host, task);
        }
        List<ContainerObservation> observed;
        // compared with the task's startedAt, which the database wrote
        Instant listedAt = clock.now();
        try {
            observed = host.list(Map.of(ContainerSpecs.LABEL_CLUSTER, clusters.arn(instance.clusterId())));
        } catch (DockerHostException e) {
            return Outcome.after(instanceProperties.heartbeatInterval());
        }
        // a task's containers are only those this installation made (or made before installation ids), under the
        // name their labels derive: a container that merely carries a task's labels is judged as an orphan instead
        Map<String, List<ContainerObservation>> byTask = new LinkedHashMap<>();
        List<ContainerObservation> unclaimed = new ArrayList<>();
        for (ContainerObservation o : observed) {
            String taskId = Observations.taskIdOf(o.labels().get(ContainerSpecs.LABEL_TASK_ARN));
            if (taskId != null && mayClaim(o, taskId)) {
                byTask.computeIfAbsent(taskId, k -> new ArrayList<>()).add(o);
            } else {
                unclaimed.add(o);
            }
        }
        for (Task task : active) {
            handleTask(host, task, confirmExits(host, byTask.remove(task.id().value()), exitedByEvent), listedAt);
        }
        byTask.values().forEach(unclaimed::addAll);
        collectOrphans(host, instance, authority, unclaimed);
        // the next pass comes from HostLoops' resync timer (or an event before it); requeueing here as well doubled them
        return Outcome.done();
    }

    /** Launches a task just committed on its instance, as a pass would. */
    void launchPlaced(Task task) {
        if (task.containerInstanceId() == null) {
            return;
        }
        try {
            startWork(hosts.forInstance(task.containerInstanceId().value()), task);
        } catch (RuntimeException e) {
            // no client for the host right now: its pass will retry
            trigger(task.containerInstanceId().value());
        }
    }

    private void startWork(DockerHost host, Task task) {
        if (launcher.busy(task.id())) {
            return;
        }
        Runnable again = () -> trigger(task.containerInstanceId().value());
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
        Map<String, HealthStatus> health = new HashMap<>();
        byName.forEach((name, s) -> health.put(name, s.health()));
        HealthStatus taskHealth = Observations.taskHealth(task.containers(), health);
        if (taskHealth != task.healthStatus()) {
            tasks.updateHealth(task.id(), taskHealth);
        }
        Optional<String> exited = Observations.exitedEssential(task.containers(), byName);
        boolean listPredatesStart = task.startedAt() == null || !task.startedAt().isBefore(listedAt);
        if (exited.isPresent() && byName.get(exited.get()) == null && listPredatesStart) {
            trigger(task.containerInstanceId().value());
            return;
        }
        if (exited.isPresent()) {
            Observations.ContainerState s = byName.get(exited.get());
            String why = s == null ? "Essential container in task exited (container " + exited.get() + " was removed from the host)"
                    : "Essential container in task exited";
            if (transitions.requestStop(task, StopCause.ESSENTIAL_CONTAINER_EXITED, why)) {
                log.info("Task {}: essential container {} exited (code {})", task.id(), exited.get(),
                        s == null ? "unknown" : s.exitCode());
                trigger(task.containerInstanceId().value());
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

    /** Ours, or unlabelled from before installation ids, and named as its labels derive. */
    private boolean mayClaim(ContainerObservation o, String taskId) {
        String owner = o.labels().get(ContainerSpecs.LABEL_INSTALLATION);
        String name = o.labels().get(ContainerSpecs.LABEL_CONTAINER_NAME);
        return (owner == null || owner.equals(installation.id())) && name != null
                && ContainerSpecs.containerName(taskId, name).equals(o.name());
    }

    /**
     * Judges every container no task of this pass claimed, with each task row read after the listing (so a task
     * committed while the pass ran is seen as live), and acts on the verdict.
     */
    private void collectOrphans(DockerHost host, ContainerInstance instance, Optional<LeaseFence.Authority> authority,
            List<ContainerObservation> unclaimed) {
        Instant now = clock.now();
        Map<String, Sighting> seenBefore = sightings.getOrDefault(instance.id(), Map.of());
        Map<String, Sighting> seen = new HashMap<>();
        String hostCluster = clusters.arn(instance.clusterId());
        Map<String, Optional<Task>> rows = new HashMap<>();
        Optional<Optional<Instant>> newest = Optional.empty();
        Map<String, Integer> remaining = new HashMap<>();
        for (ContainerObservation o : unclaimed) {
            String taskId = Observations.taskIdOf(o.labels().get(ContainerSpecs.LABEL_TASK_ARN));
            boolean ours = installation.id().equals(o.labels().get(ContainerSpecs.LABEL_INSTALLATION));
            // an unlabelled one may be ours from before installation ids: the verdict decides by its task row
            boolean unlabelled = o.labels().get(ContainerSpecs.LABEL_INSTALLATION) == null;
            Task row = (ours || unlabelled) && taskId != null ? rows.computeIfAbsent(taskId, id -> tasks.find(new TaskId(id))).orElse(null) : null;
            if (ours && taskId != null && row == null && newest.isEmpty()) {
                newest = Optional.of(tasks.newestCreatedAt());
            }
            Sighting sighting = seenBefore.getOrDefault(o.id(), new Sighting(now, ConcurrentHashMap.newKeySet()));
            seen.put(o.id(), sighting);
            OrphanVerdict verdict = OrphanVerdict.of(new OrphanVerdict.Facts(o.name(), o.labels(), o.running(),
                    installation.id(), hostCluster, row == null ? null : taskRow(row), taskId != null && launcher.busy(new TaskId(taskId)),
                    sighting.firstSeen(), newest.flatMap(n -> n).orElse(null)),
                    now, properties.unknownContainerGrace(), properties.containerRemovalDelay());
            boolean removed = act(host, instance, authority, taskId, o, verdict, sighting);
            if (taskId != null && ours) {
                remaining.merge(taskId, removed ? 0 : 1, Integer::sum);
            }
        }
        sightings.put(instance.id(), seen);
        remaining.forEach((taskId, left) -> {
            if (left == 0) {
                try {
                    host.removeNetwork("gantry-" + taskId);
                } catch (DockerHostException ignored) {
                    // no network or engine busy: the next pass tries again only if containers remain
                }
            }
        });
    }

    private OrphanVerdict.TaskRow taskRow(Task row) {
        return new OrphanVerdict.TaskRow(clusters.arn(row.clusterId().value()), row.lastStatus() == LastStatus.STOPPED,
                row.stoppedAt(), row.containers().stream().map(TaskContainer::name).collect(java.util.stream.Collectors.toSet()));
    }

    /** Acts on one verdict; true when the container is gone from the host. */
    private boolean act(DockerHost host, ContainerInstance instance, Optional<LeaseFence.Authority> authority,
            String taskId, ContainerObservation o, OrphanVerdict verdict, Sighting sighting) {
        return switch (verdict) {
            case OrphanVerdict.Foreign f -> {
                if (sighting.firstReport("foreign")) {
                    reports.foreign(instance, o, f.owner());
                }
                yield false;
            }
            case OrphanVerdict.Suspect s -> {
                if (sighting.firstReport("security:" + s.kind())) {
                    reports.security(instance, o, s.kind(), s.detail());
                }
                yield false;
            }
            case OrphanVerdict.Keep k -> false;
            case OrphanVerdict.Wait w -> {
                if (w.unknownTask() && sighting.firstReport("unknown")) {
                    reports.unknownTask(instance, o, taskId, w.at());
                }
                yield false;
            }
            case OrphanVerdict.Remove r -> authority.isPresent()
                    && removeOrphanOnLeaseAuthority(host, authority.get(), taskId, o, r);
        };
    }

    /**
     * The only place the host loop removes a container it did not launch for a live task, and only on the lease's
     * authority: the task row is read again in a transaction fenced by {@link LeaseFence} (it commits only while the
     * database still names this replica at the pass's epoch), so "no live task owns it" is confirmed under the lease;
     * then, if no launch or stop is in flight and this replica still holds that authority locally, the engine call
     * follows at once. A task committed since the verdict keeps its container; a deposed replica removes nothing.
     */
    boolean removeOrphanOnLeaseAuthority(DockerHost host, LeaseFence.Authority authority, String taskId,
            ContainerObservation o, OrphanVerdict.Remove verdict) {
        boolean unowned;
        try {
            unowned = fence.run(authority, a -> tasks.find(new TaskId(taskId)).filter(t -> t.lastStatus() != LastStatus.STOPPED).isEmpty());
        } catch (LeaseFence.Deposed e) {
            log.debug("Orphan {} left: {}", o.name(), e.getMessage());
            return false;
        }
        if (!unowned || launcher.busy(new TaskId(taskId)) || !fence.holds(authority)) {
            return false;
        }
        ContainerRef ref = new ContainerRef(o.id());
        try {
            if (verdict.stopFirst()) {
                log.info("Stopping orphan container {} ({})", o.name(), verdict.why());
                host.stop(ref, Duration.ofSeconds(10));
            }
            host.remove(ref);
            return true;
        } catch (DockerHostException e) {
            log.debug("Orphan cleanup of {} deferred: {}", o.name(), e.toString());
            return false;
        }
    }

    private void trigger(String instanceId) {
        ReconcileQueue<String> q = queue;
        if (q != null && instanceId != null) {
            q.trigger(instanceId);
        }
    }
}
