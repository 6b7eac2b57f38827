package dev.gantry.taskdef;

import java.util.ArrayList;
import java.util.List;

/**
 * The capability attributes a task definition can require of a host, as ECS names them. Only
 * capabilities every Gantry host really has are listed; instance registration reports the same
 * constants, so placement's ATTRIBUTE check passes exactly on hosts that can run the task.
 */
public final class RequiredAttributes {

    /** Docker Engine API 1.24, which container health checks need. */
    public static final String DOCKER_REMOTE_API_1_24 = "com.amazonaws.ecs.capability.docker-remote-api.1.24";
    public static final String CONTAINER_HEALTH_CHECK = "ecs.capability.container-health-check";
    /** Start-order dependencies between containers (dependsOn). */
    public static final String CONTAINER_ORDERING = "ecs.capability.container-ordering";

    /** Everything a Gantry host reports; instance registration should advertise all of these. */
    public static final List<String> ALL = List.of(DOCKER_REMOTE_API_1_24, CONTAINER_HEALTH_CHECK, CONTAINER_ORDERING);

    private RequiredAttributes() {
    }

    /** The attributes the given containers need, in a stable order. */
    static List<TaskDefinition.Attribute> requiredBy(List<ContainerDefinition> containers) {
        List<TaskDefinition.Attribute> required = new ArrayList<>();
        if (containers.stream().anyMatch(c -> c.healthCheck() != null)) {
            required.add(new TaskDefinition.Attribute(DOCKER_REMOTE_API_1_24));
            required.add(new TaskDefinition.Attribute(CONTAINER_HEALTH_CHECK));
        }
        if (containers.stream().anyMatch(c -> c.dependsOn() != null && !c.dependsOn().isEmpty())) {
            required.add(new TaskDefinition.Attribute(CONTAINER_ORDERING));
        }
        return List.copyOf(required);
    }
}
