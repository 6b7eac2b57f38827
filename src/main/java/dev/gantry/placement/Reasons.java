package dev.gantry.placement;

/**
 * Every reason code placement can give, in one place. The first five are the ECS RunTask/StartTask
 * {@code failures[].reason} values; the constraint ones follow the wording of ECS service events
 * ("encountered error ...") because ECS documents no reason code for an unsatisfied constraint.
 * The strings are reused by the API failure lists, logs and metric tags.
 */
public final class Reasons {
    public static final String AGENT = "AGENT";
    public static final String ATTRIBUTE = "ATTRIBUTE";
    public static final String CPU = "RESOURCE:CPU";
    public static final String MEMORY = "RESOURCE:MEMORY";
    public static final String PORTS = "RESOURCE:PORTS";
    public static final String DISTINCT_INSTANCE = "DistinctInstance placement constraint unsatisfied.";
    public static final String MEMBER_OF = "MemberOf placement constraint unsatisfied.";
    public static final String MAX_PER_INSTANCE = "MaxPerInstance placement constraint unsatisfied.";
    /** The cluster has no container instances at all; the API turns this into InvalidParameterException. */
    public static final String NO_INSTANCES = "No Container Instances were found in your cluster.";
    /** StartTask named an instance that is not in the snapshot. */
    public static final String MISSING = "MISSING";

    private Reasons() {
    }
}
