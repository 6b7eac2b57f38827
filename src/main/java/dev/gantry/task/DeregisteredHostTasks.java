package dev.gantry.task;

import dev.gantry.instance.InstanceEvents.InstanceDeregistering;
import dev.gantry.shared.InstanceId;
import dev.gantry.task.TaskLifecycle.StopCause;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stops the tasks left on an instance being deregistered (with force) and releases what they held, inside the
 * deregistration's transaction: synchronous, so a failure here rolls the deregistration back.
 */
@Component
class DeregisteredHostTasks {

    private final TaskRepository tasks;
    private final TaskTransitions transitions;
    private final HostUsage usage;

    DeregisteredHostTasks(TaskRepository tasks, TaskTransitions transitions, HostUsage usage) {
        this.tasks = tasks;
        this.transitions = transitions;
        this.usage = usage;
    }

    @EventListener
    void onDeregistering(InstanceDeregistering event) {
        InstanceId instance = event.instanceId();
        List<Task> stranded = tasks.activeOnInstance(instance);
        if (!stranded.isEmpty()) {
            transitions.stopAllNow(List.of(new TaskTransitions.HostStop(instance, stranded, event.reason())),
                    StopCause.INSTANCE_DEREGISTERED);
        }
        usage.recompute(instance);
    }
}
