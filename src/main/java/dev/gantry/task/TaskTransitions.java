package dev.gantry.task;

import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.task.TaskLifecycle.LastStatus;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Task state changes that also change what the host has free. Reaching STOPPED releases the task's
 * CPU, memory and ports in the same transaction, so remaining resources never drift from the tasks.
 */
@Component
public class TaskTransitions {

    /** Published after a task reaches STOPPED, so schedulers can react without waiting for their resync. */
    public record TaskStopped(long clusterId, String taskId, Long serviceId, String stopCode) {
    }

    /** Published after a task reaches RUNNING; {@code createdAt} is when it was requested (launch latency). */
    public record TaskStarted(long clusterId, String taskId, Long serviceId, Instant createdAt) {
    }

    private final TaskRepository tasks;
    private final ContainerInstanceRepository instances;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    TaskTransitions(TaskRepository tasks, ContainerInstanceRepository instances, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.tasks = tasks;
        this.instances = instances;
        this.tx = tx;
        this.events = events;
    }

    public boolean stopNow(Task task, String stopCode, String reason) {
        Boolean changed = tx.execute(s -> {
            boolean done = tasks.stopNow(task.id(), stopCode, reason);
            if (done && task.containerInstanceId() != null) {
                instances.recomputeUsage(task.containerInstanceId());
            }
            return done;
        });
        if (Boolean.TRUE.equals(changed)) {
            events.publishEvent(new TaskStopped(task.clusterId(), task.id(), task.serviceId(), stopCode));
        }
        return Boolean.TRUE.equals(changed);
    }

    /** The containers have exited after a requested stop: STOPPED with the reason recorded at request time. */
    public boolean markStopped(Task task) {
        Boolean changed = tx.execute(s -> {
            boolean done = tasks.advance(task.id(), LastStatus.STOPPED);
            if (done && task.containerInstanceId() != null) {
                instances.recomputeUsage(task.containerInstanceId());
            }
            return done;
        });
        if (Boolean.TRUE.equals(changed)) {
            events.publishEvent(new TaskStopped(task.clusterId(), task.id(), task.serviceId(), task.stopCode()));
        }
        return Boolean.TRUE.equals(changed);
    }

    public boolean markRunning(Task task) {
        boolean changed = tasks.advance(task.id(), LastStatus.RUNNING);
        if (changed) {
            events.publishEvent(new TaskStarted(task.clusterId(), task.id(), task.serviceId(), task.createdAt()));
        }
        return changed;
    }

    public boolean markStopping(Task task) {
        return tasks.advance(task.id(), LastStatus.STOPPING);
    }

    public boolean requestStop(Task task, String stopCode, String reason) {
        return tasks.requestStop(task.id(), stopCode, reason);
    }
}
