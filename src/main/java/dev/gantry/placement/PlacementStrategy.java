package dev.gantry.placement;

import java.util.List;
import java.util.Objects;

/**
 * How feasible instances are ordered. A request carries a chain of up to five; each rule only
 * breaks the ties the previous ones leave, as in ECS and as chained comparators do — scores
 * are never averaged or weighted.
 */
public sealed interface PlacementStrategy {

    /** ECS service default: spread over availability zone, then over instances. */
    List<PlacementStrategy> SERVICE_DEFAULT = List.of(
            new Spread(Spread.ATTRIBUTE_PREFIX + "ecs.availability-zone"), new Spread(Spread.INSTANCE_ID));

    /** RunTask without a strategy: the ECS guide is silent, we (like moto) take random. */
    List<PlacementStrategy> RUN_TASK_DEFAULT = List.of(new Random());

    /** Uniform choice among the instances left, reproducible from the request's seed. */
    record Random() implements PlacementStrategy {
    }

    /**
     * Even out the number of tasks of the service (or, for standalone tasks, of the group) over the
     * values of {@code field}: {@code instanceId}, its synonym {@code host}, or {@code attribute:NAME}.
     */
    record Spread(String field) implements PlacementStrategy {
        public static final String INSTANCE_ID = "instanceId";
        public static final String HOST = "host";
        public static final String ATTRIBUTE_PREFIX = "attribute:";

        public Spread {
            Objects.requireNonNull(field, "field");
        }

        public boolean byInstance() {
            return INSTANCE_ID.equals(field) || HOST.equals(field);
        }

        /** The attribute name, for {@code attribute:NAME} fields. */
        public String attributeName() {
            return field.substring(ATTRIBUTE_PREFIX.length());
        }
    }

    /** Prefer the instance with the least remaining {@code resource} that still fits the task. */
    record BinPack(Resource resource) implements PlacementStrategy {
        public BinPack {
            Objects.requireNonNull(resource, "resource");
        }
    }

    enum Resource { CPU, MEMORY }
}
