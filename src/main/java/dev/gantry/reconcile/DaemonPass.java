package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.HostView;
import dev.gantry.placement.PlacementConstraint;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.service.Deployment;
import dev.gantry.service.Service;
import dev.gantry.service.ServiceEvents;
import dev.gantry.service.ServiceRepository;
import dev.gantry.task.Task;
import dev.gantry.task.TaskLifecycle.DesiredStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * DAEMON services: exactly one task on every ACTIVE, connected instance that meets the placement
 * constraints. Per instance, an old deployment's task is stopped before the new one starts
 * (max 100 / min 0); tasks on instances that drain or stop matching are stopped; the PRIMARY
 * deployment's desiredCount is the number of eligible instances.
 */
@Component
class DaemonPass {

    private final ServiceLaunches launches;
    private final ServiceRepository services;
    private final ServiceEvents events;
    private final LeaseFence fence;

    DaemonPass(ServiceLaunches launches, ServiceRepository services, ServiceEvents events, LeaseFence fence) {
        this.fence = fence;
        this.launches = launches;
        this.services = services;
        this.events = events;
    }

    /** Every write under {@code authority} (see {@link LeaseFence}): the count, the stops, the launches. */
    void pass(LeaseFence.Authority authority, Service service, Deployment primary, List<Task> live, boolean blocked) {
        ClusterSnapshot snapshot = launches.snapshot(service.clusterId());
        PlacementRequest request = launches.request(service, primary, 1);
        Set<String> eligible = service.status() == Service.Status.ACTIVE ? eligible(snapshot, request) : Set.of();
        Set<String> disconnected = service.status() == Service.Status.ACTIVE ? keptThroughDisconnect(snapshot, request) : Set.of();
        Map<String, List<Task>> byInstance = new HashMap<>();
        live.forEach(t -> byInstance.computeIfAbsent(String.valueOf(t.containerInstanceId()), k -> new ArrayList<>()).add(t));
        // a disconnected host's daemon task still counts until the host is declared lost (its task then STOPPED)
        int desired = eligible.size() + (int) disconnected.stream().filter(byInstance::containsKey).count();
        if (primary.desiredCount() != desired) {
            fence.execute(authority, a -> services.setPrimaryDesired(service.id(), desired));
        }
        List<ServiceLaunches.TaskStop> stops = new ArrayList<>();
        List<String> startOn = new ArrayList<>();
        for (Map.Entry<String, List<Task>> e : byInstance.entrySet()) {
            boolean keepHere = eligible.contains(e.getKey()) || disconnected.contains(e.getKey());
            boolean keptOne = false;
            for (Task t : e.getValue()) {
                if (t.desiredStatus() != DesiredStatus.RUNNING) {
                    continue;
                }
                boolean current = new DeploymentId(primary.id()).equals(t.deploymentId());
                if (keepHere && current && !keptOne) {
                    keptOne = true;
                    continue;
                }
                stops.add(new ServiceLaunches.TaskStop(t.id(), t.containerInstanceId(), StopCause.SCHEDULER,
                        ServiceEvents.scalingActivity(t.deploymentId().value())));
            }
        }
        for (String instanceId : eligible) {
            // the old task on an instance must be gone (STOPPED) before its replacement starts
            if (!byInstance.containsKey(instanceId)) {
                startOn.add(instanceId);
            }
        }
        List<TaskId> stopped = launches.stop(authority, stops);
        if (!stopped.isEmpty()) {
            events.record(service, ServiceEvents.stopped(stopped.stream().map(TaskId::value).toList()));
        }
        if (!blocked && !startOn.isEmpty()) {
            ServiceLaunches.Started started = launches.start(authority, service, primary, startOn.size(), startOn);
            if (!started.taskIds().isEmpty()) {
                events.record(service, ServiceEvents.started(started.taskIds()));
            }
        }
    }

    /** ACTIVE, connected instances that satisfy the memberOf constraints (resources aside: ECS keeps retrying those). */
    static Set<String> eligible(ClusterSnapshot snapshot, PlacementRequest request) {
        return snapshot.hosts().stream()
                .filter(HostView::acceptsTasks)
                .filter(h -> matches(h, request))
                .map(HostView::instanceId)
                .collect(Collectors.toSet());
    }

    /**
     * ACTIVE instances that match but whose agent is disconnected: no task starts there, and the one running there is
     * kept. A disconnect shorter than the loss timeout is routine (ECS agents reconnect several times an hour); only
     * the host-loss declaration (HeartbeatMonitor, behind the mass-eviction guard) stops its task.
     */
    static Set<String> keptThroughDisconnect(ClusterSnapshot snapshot, PlacementRequest request) {
        return snapshot.hosts().stream()
                .filter(h -> !h.agentConnected() && HostView.ACTIVE.equals(h.status()))
                .filter(h -> matches(h, request))
                .map(HostView::instanceId)
                .collect(Collectors.toSet());
    }

    private static boolean matches(HostView h, PlacementRequest request) {
        return request.constraints().stream().allMatch(c -> !(c instanceof PlacementConstraint.MemberOf m)
                || m.expression().matches(h));
    }
}
