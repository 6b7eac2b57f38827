package dev.gantry.instance;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ClusterId;

/**
 * Domain events other features react to (daemon services, reconcilers, the task module). {@link InstanceChanged}
 * is for listeners after commit; {@link InstanceDeregistering} is handled inside the deregistration's transaction.
 */
public final class InstanceEvents {

    private InstanceEvents() {
    }

    /** Something about an instance changed that placement depends on: registered, drained, reactivated, lost, attributes. */
    public record InstanceChanged(ClusterId clusterId, InstanceId instanceId, String what) {
    }

    /**
     * An instance is about to go INACTIVE: published inside DeregisterContainerInstance's transaction, before the
     * status changes. The task module stops the tasks still there (force) and releases their resources in that same
     * transaction; a listener that fails rolls the deregistration back. An event rather than a call, because the
     * task module depends on this one.
     */
    public record InstanceDeregistering(ClusterId clusterId, InstanceId instanceId, String reason) {
    }
}
