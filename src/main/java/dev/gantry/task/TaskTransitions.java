package dev.gantry.task;

import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import dev.gantry.task.TaskLifecycle.StopCode;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.Combiner;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Task state changes that also change what the host has free. Reaching STOPPED releases the task's
 * CPU, memory and ports in the same transaction, so remaining resources never drift from the tasks.
 */
@Component
public class TaskTransitions {

    /** Published after a task reaches STOPPED, so schedulers can react without waiting for their resync. */
    public record TaskStopped(ClusterId clusterId, TaskId taskId, ServiceId serviceId, StopCode stopCode) {
    }

    /** Published after a task reaches RUNNING; {@code createdAt} is when it was requested (launch latency). */
    public record TaskStarted(ClusterId clusterId, TaskId taskId, ServiceId serviceId, Instant createdAt) {
    }

    private final TaskRepository tasks;
    private final HostUsage usage;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Combiner<Launch, Boolean> running;

    TaskTransitions(TaskRepository tasks, HostUsage usage, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.tasks = tasks;
        this.usage = usage;
        this.tx = tx;
        this.events = events;
        this.running = new Combiner<>(this::markAllRunning);
    }

    public boolean stopNow(Task task, StopCause cause, String reason) {
        Boolean changed = tx.execute(s -> {
            boolean done = tasks.stopNow(task.id(), cause, reason);
            if (done && task.containerInstanceId() != null) {
                usage.recompute(task.containerInstanceId());
            }
            return done;
        });
        if (Boolean.TRUE.equals(changed)) {
            publishAfterCommit(new TaskStopped(task.clusterId(), task.id(), task.serviceId(), cause.code()));
        }
        return Boolean.TRUE.equals(changed);
    }

    /**
     * Inside a caller's transaction (a fenced write, a forced deregistration), listeners hear of a change only once it
     * is committed: a scheduler woken earlier would read the old rows, and a rolled-back change must not be announced.
     */
    private void publishAfterCommit(Object event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    events.publishEvent(event);
                }
            });
        } else {
            events.publishEvent(event);
        }
    }

    /** The tasks of one host and the reason they stop. */
    public record HostStop(InstanceId instanceId, List<Task> tasks, String reason) {
    }

    /**
     * {@link #stopNow} for the tasks of lost hosts, in one transaction: a host with a hundred tasks is one write
     * and one usage update, hosts lost together are one commit, and the services see all their tasks gone at once.
     * Answers how many tasks stopped per instance.
     */
    public Map<InstanceId, Integer> stopAllNow(List<HostStop> hosts, StopCause cause) {
        return stopAllNow(hosts, cause, null);
    }

    /** {@link #stopAllNow} decided by the lease holder of {@code stopEpoch} (null: not on a lease's authority). */
    public Map<InstanceId, Integer> stopAllNow(List<HostStop> hosts, StopCause cause, Long stopEpoch) {
        Map<TaskId, Task> byId = new HashMap<>();
        hosts.forEach(h -> h.tasks().forEach(t -> byId.put(t.id(), t)));
        Map<InstanceId, List<TaskId>> stopped = tx.execute(s -> {
            Map<InstanceId, List<TaskId>> done = new HashMap<>();
            for (HostStop h : hosts) {
                List<TaskId> ids = tasks.stopAllNow(h.tasks().stream().map(Task::id).toList(), cause, h.reason(), stopEpoch);
                if (!ids.isEmpty()) {
                    usage.recompute(h.instanceId());
                }
                done.put(h.instanceId(), ids);
            }
            return done;
        });
        Map<InstanceId, Integer> counts = new HashMap<>();
        stopped.forEach((instanceId, ids) -> {
            counts.put(instanceId, ids.size());
            for (TaskId id : ids) {
                Task t = byId.get(id);
                publishAfterCommit(new TaskStopped(t.clusterId(), t.id(), t.serviceId(), cause.code()));
            }
        });
        return counts;
    }

    /** The containers have exited after a requested stop: STOPPED with the reason recorded at request time. */
    public boolean markStopped(Task task) {
        Boolean changed = tx.execute(s -> {
            boolean done = tasks.advance(task.id(), LastStatus.STOPPED);
            if (done && task.containerInstanceId() != null) {
                usage.recompute(task.containerInstanceId());
            }
            return done;
        });
        if (Boolean.TRUE.equals(changed)) {
            publishAfterCommit(new TaskStopped(task.clusterId(), task.id(), task.serviceId(), task.stopCode()));
        }
        return Boolean.TRUE.equals(changed);
    }

    private record Launch(Task task, TaskRepository.Launched launched, List<TaskRepository.ContainerUpdate> containers) {
    }

    /**
     * A launch's outcome: each container as first seen, the pull window, and RUNNING. Launches finishing together
     * (a thousand hosts each starting what a placement batch gave them) share one transaction ({@link Combiner}):
     * one container batch and one task update for all of them, where each used to take a connection and a commit.
     * Answers whether this call moved the task to RUNNING.
     */
    public boolean markRunning(Task task, Instant pullStartedAt, Instant pullStoppedAt, List<TaskRepository.ContainerUpdate> containers) {
        return running.submit(new Launch(task, new TaskRepository.Launched(task.id(), pullStartedAt, pullStoppedAt), containers));
    }

    private List<Boolean> markAllRunning(List<Launch> launches) {
        Set<TaskId> moved = tx.execute(s -> {
            List<Map.Entry<TaskId, TaskRepository.ContainerUpdate>> containers = new ArrayList<>();
            launches.forEach(l -> l.containers().forEach(c -> containers.add(Map.entry(l.task().id(), c))));
            tasks.updateContainers(containers);
            return tasks.markAllRunning(launches.stream().map(Launch::launched).toList());
        });
        List<Boolean> answers = new ArrayList<>();
        for (Launch l : launches) {
            boolean changed = moved.contains(l.task().id());
            if (changed) {
                events.publishEvent(new TaskStarted(l.task().clusterId(), l.task().id(), l.task().serviceId(), l.task().createdAt()));
            }
            answers.add(changed);
        }
        return answers;
    }

    public boolean markStopping(Task task) {
        return tasks.advance(task.id(), LastStatus.STOPPING);
    }

    public boolean requestStop(Task task, StopCause cause, String reason) {
        return tasks.requestStop(task.id(), cause, reason);
    }

    /** A stop the lease holder of {@code stopEpoch} decided (scale-in, replacement): the intent a host acts on. */
    public boolean requestStop(TaskId taskId, StopCause cause, String reason, long stopEpoch) {
        return tasks.requestStop(taskId, cause, reason, stopEpoch);
    }
}
