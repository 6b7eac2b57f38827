package dev.gantry.instance;

/** Domain events other features react to (daemon services, reconcilers). Published after commit. */
public final class InstanceEvents {

    private InstanceEvents() {
    }

    /** Something about an instance changed that placement depends on: registered, drained, reactivated, lost, attributes. */
    public record InstanceChanged(long clusterId, String instanceId, String what) {
    }
}
