package dev.gantry.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * Places tasks: a pure function of a {@link ClusterSnapshot} and a {@link PlacementRequest}.
 *
 * <p>Pipeline per task, in ECS's order, over every host of the snapshot:
 * <ol>
 *   <li>feasibility — ACTIVE and connected, requiresAttributes, CPU, memory, static ports
 *       ({@link WorkingState#feasibility});</li>
 *   <li>constraints — distinctInstance, maxPerInstance, memberOf, cheapest first
 *       ({@link ConstraintCheck});</li>
 *   <li>ordering — the strategy chain with a seeded random final tie-break ({@link StrategyChain});</li>
 *   <li>reservation — the chosen host's resources, ports and counters are updated before the next
 *       task of the same request is placed.</li>
 * </ol>
 * Feasibility and ranking happen in the same pass: the best feasible host so far is kept, which
 * is equivalent to filtering then sorting but allocates nothing per host. The checks that cannot
 * change during a run (state, attributes, static memberOf) are memoised per snapshot as one
 * eligible-host bit set, so the scan only visits those hosts and re-checks what placing can change.
 * Chains {@code [L]} and {@code [spread(attribute), L]} with L = binpack or spread(instanceId)
 * (the ECS service default among them) skip the scan altogether and walk hosts pre-sorted by L
 * ({@link OrderedWalk}); a lone {@code random} probes random hosts first ({@link RandomProbe}).
 * When no host passes, the host that got furthest through the pipeline is
 * reported as the closest one, with its reason.
 */
public final class PlacementEngine {
    private final boolean fastPaths;

    public PlacementEngine() {
        this(true);
    }

    /** Tests turn the ordered walk and random probing off to compare them with the full scan. */
    PlacementEngine(boolean fastPaths) {
        this.fastPaths = fastPaths;
    }

    public PlacementPlan place(ClusterSnapshot snapshot, PlacementRequest request) {
        PlacementInputs.validate(request);
        SnapshotIndex index = snapshot.index();
        if (index.size == 0) {
            return allFail(request.count(), Reasons.NO_INSTANCES, null);
        }
        WorkingState state = new WorkingState(index, request);
        List<PlacementStrategy> strategies = effectiveStrategies(request);
        StrategyChain chain = new StrategyChain(strategies, state);
        OrderedWalk walk = fastPaths ? OrderedWalk.forChain(strategies, state, chain) : null;
        RandomProbe probe = fastPaths ? RandomProbe.forChain(strategies, state) : null;
        List<Assignment> assignments = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        long[] best = new long[chain.length()];
        for (int task = 0; task < request.count(); task++) {
            int chosen = walk != null ? walk.choose(task) : probe != null ? probe.probe(task) : -1;
            if (walk == null && chosen < 0) {
                chosen = chooseHost(state, chain, task, best);
            }
            if (chosen >= 0) {
                if (task + 1 < request.count()) {
                    state.place(chosen);
                    chain.placed(chosen);
                }
                HostView host = index.hosts[chosen];
                assignments.add(new Assignment(task, host.instanceId(), host.instanceArn()));
            } else {
                // Nothing was reserved, so every remaining identical task fails the same way.
                Failure failure = closestFailure(state, task);
                for (int rest = task; rest < request.count(); rest++) {
                    failures.add(new Failure(rest, failure.reason(), failure.closestInstanceArn()));
                }
                break;
            }
        }
        return new PlacementPlan(assignments, failures);
    }

    /**
     * StartTask: one task on each named instance (ids or ARNs), with the resource, port, state and
     * attribute checks but no constraints or strategies, as ECS's StartTask. Naming an instance
     * twice places two tasks there, the second seeing the first.
     */
    public PlacementPlan checkOn(ClusterSnapshot snapshot, PlacementRequest request, List<String> instances) {
        SnapshotIndex index = snapshot.index();
        WorkingState state = new WorkingState(index, request.withConstraints(List.of()));
        List<Assignment> assignments = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (int task = 0; task < instances.size(); task++) {
            int host = index.positionOf(instances.get(task));
            if (host < 0) {
                failures.add(new Failure(task, Reasons.MISSING, instances.get(task)));
                continue;
            }
            int stage = state.resourceFeasibility(host);
            if (stage == WorkingState.PASSED) {
                state.place(host);
                assignments.add(new Assignment(task, index.hosts[host].instanceId(), index.hosts[host].instanceArn()));
            } else {
                failures.add(new Failure(task, state.reasonFor(stage), index.hosts[host].instanceArn()));
            }
        }
        return new PlacementPlan(assignments, failures);
    }

    /**
     * ECS's defaults when the caller gives none: a service spreads over {@code attribute:ecs.availability-zone}
     * and then over instances; RunTask places at random (ECS's guide names no default for it).
     */
    static List<PlacementStrategy> effectiveStrategies(PlacementRequest request) {
        if (!request.strategies().isEmpty()) {
            return request.strategies();
        }
        return request.serviceName() != null ? PlacementStrategy.SERVICE_DEFAULT : PlacementStrategy.RUN_TASK_DEFAULT;
    }

    private static int chooseHost(WorkingState state, StrategyChain chain, int task, long[] best) {
        int chosen = -1;
        for (int host = state.eligible.nextSetBit(0); host >= 0; host = state.eligible.nextSetBit(host + 1)) {
            if (!state.feasibleEligible(host)) {
                continue;
            }
            if (chosen < 0) {
                chain.scores(host, task, best);
                chosen = host;
            } else if (chain.challenge(host, task, best)) {
                chosen = host;
            }
        }
        return chosen;
    }

    /** Only run when a task cannot be placed, so the happy path never pays for explanations. */
    private static Failure closestFailure(WorkingState state, int task) {
        int closest = 0;
        int furthestStage = -1;
        for (int host = 0; host < state.index.size; host++) {
            int stage = state.feasibility(host);
            if (stage > furthestStage) {
                furthestStage = stage;
                closest = host;
            }
        }
        return new Failure(task, state.reasonFor(furthestStage), state.index.hosts[closest].instanceArn());
    }

    private static PlacementPlan allFail(int count, String reason, String arn) {
        List<Failure> failures = new ArrayList<>();
        for (int task = 0; task < count; task++) {
            failures.add(new Failure(task, reason, arn));
        }
        return new PlacementPlan(List.of(), failures);
    }
}
