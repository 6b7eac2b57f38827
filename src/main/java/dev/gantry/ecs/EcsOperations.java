package dev.gantry.ecs;

import java.util.List;

/** A group of ECS actions (clusters, instances, ...): each group is a bean, the dispatcher collects them all. */
interface EcsOperations {

    List<EcsOperation> operations();
}
