package dev.gantry.task;

/**
 * The legal movements of a task's {@code lastStatus}: only forwards, in ECS's order, and any state
 * may jump to STOPPED. {@code desiredStatus} is only ever RUNNING or STOPPED and only moves to
 * STOPPED. Each field has one writer: the API and schedulers write desiredStatus, the host
 * reconciler writes lastStatus from what it observes.
 */
public final class TaskLifecycle {

    public enum LastStatus {
        PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED;

        public boolean isBefore(LastStatus other) {
            return ordinal() < other.ordinal();
        }
    }

    public enum DesiredStatus { RUNNING, STOPPED }

    public enum StopCode {
        TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, SpotInterruption,
        TerminationNotice, InfrastructureHealth
    }

    public enum HealthStatus { HEALTHY, UNHEALTHY, UNKNOWN }

    private TaskLifecycle() {
    }
}
