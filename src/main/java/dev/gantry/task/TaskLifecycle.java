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

    /**
     * Why a task was stopped, as a closed set: the ECS {@link StopCode} it shows and whether it is a failed task of its
     * deployment (what the circuit breaker counts). Stored in {@code task.stop_cause} next to the stop code, so what is
     * counted is a recorded fact, never a match on the {@code stoppedReason} sentence (which may be reworded freely).
     */
    public enum StopCause {
        /** StopTask. */
        USER_REQUEST(StopCode.UserInitiated, false),
        /** The image could not be pulled, the engine refused to create or start a container, a dependency failed. */
        FAILED_TO_START(StopCode.TaskFailedToStart, true),
        /** An essential container exited. */
        ESSENTIAL_CONTAINER_EXITED(StopCode.EssentialContainerExited, true),
        /** The service scheduler replaced a task whose container health checks failed. */
        FAILED_HEALTH_CHECKS(StopCode.ServiceSchedulerInitiated, true),
        /** The service scheduler's own decision: scale-in, a deployment replacing the task, a rebalancing move. */
        SCHEDULER(StopCode.ServiceSchedulerInitiated, false),
        /** Its host stopped answering and was declared lost. */
        HOST_LOST(StopCode.InfrastructureHealth, false),
        /** Its container instance was deregistered with force while the task was not stopped. */
        INSTANCE_DEREGISTERED(StopCode.InfrastructureHealth, false);

        private final StopCode code;
        private final boolean deploymentFailure;

        StopCause(StopCode code, boolean deploymentFailure) {
            this.code = code;
            this.deploymentFailure = deploymentFailure;
        }

        public StopCode code() {
            return code;
        }

        /** Counts towards the deployment circuit breaker's failed tasks. */
        public boolean deploymentFailure() {
            return deploymentFailure;
        }
    }

    public enum HealthStatus { HEALTHY, UNHEALTHY, UNKNOWN }

    /** A container's status as Gantry records it (ECS shows these three for containers). */
    public enum ContainerStatus { PENDING, RUNNING, STOPPED }

    private TaskLifecycle() {
    }
}
