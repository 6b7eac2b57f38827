package dev.gantry.task;

import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.Randomness;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import dev.gantry.taskdef.PortMapping.Protocol;
import java.util.List;

/**
 * The one factory of new tasks, for RunTask, StartTask and the service scheduler: a fresh task id, a container row
 * per container of the launch plan, and what the task reserves (CPU, memory, static ports) computed from the plan, so
 * a task placed by the API and one placed by a service can never reserve differently. The ids come from
 * {@link Randomness}, so a seeded scenario replays them.
 */
public final class NewTasks {

    private NewTasks() {
    }

    /** Who asked for the task: the API (RunTask, StartTask) or a service's deployment. */
    public record Origin(ServiceId serviceId, DeploymentId deploymentId, String group, String startedBy,
            String overridesJson, String clientToken, Long launchEpoch) {

        /** RunTask and StartTask: not a lease holder's decision, so no epoch. */
        public static Origin api(String group, String startedBy, String overridesJson, String clientToken) {
            return new Origin(null, null, group, startedBy, overridesJson == null ? "{}" : overridesJson, clientToken,
                    null);
        }

        /** A service's scheduler under the lease epoch {@code epoch}; ECS shows the deployment as startedBy. */
        public static Origin service(ServiceId serviceId, String serviceName, DeploymentId deploymentId, long epoch) {
            return new Origin(serviceId, deploymentId, "service:" + serviceName, deploymentId.value(), "{}", null, epoch);
        }
    }

    /** A new task of {@code definition} (launched as {@code plan}) placed on {@code instance}, its ids from {@code ids}. */
    public static TaskRepository.NewTask create(Randomness ids, ClusterId cluster, TaskDefinitionId definition, LaunchPlan plan,
            InstanceId instance, Origin origin) {
        List<TaskRepository.NewContainer> containers = plan.containers().stream()
                .map(c -> new TaskRepository.NewContainer(c.name(), ids.newUuid().toString(), c.image(),
                        c.essential(), c.cpu(), c.memory(), c.memoryReservation()))
                .toList();
        return new TaskRepository.NewTask(new TaskId(ids.newId()), cluster, instance, definition, origin.serviceId(),
                origin.deploymentId(), origin.group(), origin.startedBy(), plan.reservedCpu(), plan.reservedMemory(),
                plan.staticHostPorts(Protocol.TCP), plan.staticHostPorts(Protocol.UDP), origin.overridesJson(),
                origin.clientToken(), null, containers, origin.launchEpoch());
    }
}
