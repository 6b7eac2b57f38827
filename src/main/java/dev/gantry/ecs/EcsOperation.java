package dev.gantry.ecs;

import java.util.function.Function;

/**
 * One ECS action: its name, where its request names the cluster it acts in (authorised before it runs) and the
 * resource (for the audit row), and what it does.
 *
 * @param cluster the cluster reference of a request (name or ARN as sent), or null when the action addresses
 *                none or checks each cluster itself (ListClusters, DescribeClusters)
 * @param target  the resource below the cluster a request addresses, or null
 */
record EcsOperation(String name, Function<EcsCall, String> cluster, Function<EcsCall, String> target,
        Handler handler) {

    @FunctionalInterface
    interface Handler {
        /** The response shape (a record or map, written by the protocol's mapper). */
        Object handle(EcsCall call);
    }

    /** An action in the cluster named by the request's {@code cluster} member, {@code default} when absent. */
    static EcsOperation inCluster(String name, Function<EcsCall, String> target, Handler handler) {
        return new EcsOperation(name, EcsCall::cluster, target, handler);
    }

    /** An action that addresses no one cluster, or checks each one it touches itself. */
    static EcsOperation global(String name, Function<EcsCall, String> target, Handler handler) {
        return new EcsOperation(name, call -> null, target, handler);
    }
}
