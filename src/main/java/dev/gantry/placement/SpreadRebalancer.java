package dev.gantry.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Gantry extension: a spread that rebalances. ECS spread only steers <em>new</em> tasks, so a
 * service stays lopsided after instances join (all old tasks on the old instances). This plans
 * moves — stop here, start there — that even the spread out again.
 *
 * <p>Rules:
 * <ol>
 *   <li>Only the spread strategies of the request's chain (the service defaults when it has none)
 *       are balanced; a chain without spread yields no moves.</li>
 *   <li>The task to move is the one scale-in would stop ({@link ScaleInSelector}); its new home is
 *       the one placement would choose with that task gone ({@link PlacementEngine}), so all
 *       constraints and resource checks hold for the target.</li>
 *   <li>A move is made only if, on the first spread field where source and target differ, the
 *       target value has at least two tasks fewer than the source: every move strictly reduces the
 *       imbalance, so the plan ends, and never oscillates.</li>
 *   <li>At most {@code maxMoves} moves, so the caller can bound disruption per pass.</li>
 * </ol>
 * The moved task is assumed to have the request's shape (CPU, memory, ports).
 */
public final class SpreadRebalancer {
    private final PlacementEngine engine = new PlacementEngine();
    private final ScaleInSelector selector = new ScaleInSelector();

    /** Stop {@code taskId} on {@code fromInstanceId} and start a replacement on {@code toInstanceId}. */
    public record Move(String taskId, String fromInstanceId, String toInstanceId) {
    }

    public List<Move> plan(ClusterSnapshot snapshot, PlacementRequest request, int maxMoves) {
        List<PlacementStrategy> chain = PlacementEngine.effectiveStrategies(request);
        List<PlacementStrategy.Spread> spreads = chain.stream()
                .filter(PlacementStrategy.Spread.class::isInstance).map(PlacementStrategy.Spread.class::cast).toList();
        List<Move> moves = new ArrayList<>();
        ClusterSnapshot current = snapshot;
        for (int step = 0; step < maxMoves && !spreads.isEmpty(); step++) {
            Move move = nextMove(current, request.withCount(1).withSeed(request.seed() + step), chain, spreads);
            if (move == null) {
                break;
            }
            moves.add(move);
            current = SnapshotEdits.move(current, move, request);
        }
        return moves;
    }

    private Move nextMove(ClusterSnapshot snapshot, PlacementRequest request, List<PlacementStrategy> chain,
                          List<PlacementStrategy.Spread> spreads) {
        List<String> serviceTasks = tasksOf(snapshot, request);
        List<String> victims = selector.chooseByKey(snapshot, request.countingKey(), serviceTasks, chain, 1, request.seed());
        if (victims.isEmpty()) {
            return null;
        }
        HostView source = SnapshotEdits.hostOf(snapshot, victims.getFirst());
        ClusterSnapshot without = SnapshotEdits.remove(snapshot, victims.getFirst(), request);
        PlacementPlan plan = engine.place(without, request);
        if (!plan.allPlaced()) {
            return null;
        }
        HostView target = SnapshotEdits.host(snapshot, plan.assignments().getFirst().instanceId());
        return improves(snapshot, request, spreads, source, target)
                ? new Move(victims.getFirst(), source.instanceId(), target.instanceId()) : null;
    }

    private static boolean improves(ClusterSnapshot snapshot, PlacementRequest request, List<PlacementStrategy.Spread> spreads,
                                    HostView source, HostView target) {
        for (PlacementStrategy.Spread spread : spreads) {
            String from = valueOf(spread, source);
            String to = valueOf(spread, target);
            if (!Objects.equals(from, to)) {
                return countOn(snapshot, request, spread, to) + 2 <= countOn(snapshot, request, spread, from);
            }
        }
        return false;
    }

    private static String valueOf(PlacementStrategy.Spread spread, HostView host) {
        return spread.byInstance() ? host.instanceId() : host.attributes().get(spread.attributeName());
    }

    private static int countOn(ClusterSnapshot snapshot, PlacementRequest request, PlacementStrategy.Spread spread, String value) {
        String key = request.countingKey();
        int count = 0;
        for (HostView host : snapshot.hosts()) {
            if (Objects.equals(valueOf(spread, host), value)) {
                count += (int) host.tasks().stream().filter(task -> task.countingKey().equals(key)).count();
            }
        }
        return count;
    }

    private static List<String> tasksOf(ClusterSnapshot snapshot, PlacementRequest request) {
        String key = request.countingKey();
        return snapshot.hosts().stream().flatMap(host -> host.tasks().stream())
                .filter(task -> task.countingKey().equals(key)).map(PlacedTask::taskId).toList();
    }

    /** Copy-on-write edits of a snapshot; rebalancing is rare, so clarity beats speed here. */
    private static final class SnapshotEdits {
        static HostView hostOf(ClusterSnapshot snapshot, String taskId) {
            return snapshot.hosts().stream()
                    .filter(host -> host.tasks().stream().anyMatch(task -> task.taskId().equals(taskId)))
                    .findFirst().orElseThrow();
        }

        static HostView host(ClusterSnapshot snapshot, String instanceId) {
            return snapshot.hosts().stream().filter(host -> host.instanceId().equals(instanceId)).findFirst().orElseThrow();
        }

        static ClusterSnapshot remove(ClusterSnapshot snapshot, String taskId, PlacementRequest shape) {
            return new ClusterSnapshot(snapshot.hosts().stream().map(host -> without(host, taskId, shape)).toList());
        }

        static ClusterSnapshot move(ClusterSnapshot snapshot, Move move, PlacementRequest shape) {
            PlacedTask moved = hostOf(snapshot, move.taskId()).tasks().stream()
                    .filter(task -> task.taskId().equals(move.taskId())).findFirst().orElseThrow();
            ClusterSnapshot without = remove(snapshot, move.taskId(), shape);
            return new ClusterSnapshot(without.hosts().stream()
                    .map(host -> host.instanceId().equals(move.toInstanceId()) ? with(host, moved, shape) : host).toList());
        }

        private static HostView without(HostView host, String taskId, PlacementRequest shape) {
            List<PlacedTask> kept = host.tasks().stream().filter(task -> !task.taskId().equals(taskId)).toList();
            if (kept.size() == host.tasks().size()) {
                return host;
            }
            return new HostView(host.instanceId(), host.instanceArn(), host.status(), host.agentConnected(),
                    host.remainingCpu() + shape.cpu(), host.remainingMemory() + shape.memory(),
                    minus(host.usedTcpPorts(), shape.tcpPorts()), minus(host.usedUdpPorts(), shape.udpPorts()),
                    host.attributes(), kept, host.agentVersion(), host.registeredAt());
        }

        private static HostView with(HostView host, PlacedTask task, PlacementRequest shape) {
            List<PlacedTask> tasks = new ArrayList<>(host.tasks());
            tasks.add(task);
            return new HostView(host.instanceId(), host.instanceArn(), host.status(), host.agentConnected(),
                    host.remainingCpu() - shape.cpu(), host.remainingMemory() - shape.memory(),
                    plus(host.usedTcpPorts(), shape.tcpPorts()), plus(host.usedUdpPorts(), shape.udpPorts()),
                    host.attributes(), tasks, host.agentVersion(), host.registeredAt());
        }

        private static Set<Integer> minus(Set<Integer> ports, Set<Integer> removed) {
            return ports.stream().filter(port -> !removed.contains(port)).collect(java.util.stream.Collectors.toSet());
        }

        private static Set<Integer> plus(Set<Integer> ports, Set<Integer> added) {
            Set<Integer> all = new java.util.HashSet<>(ports);
            all.addAll(added);
            return all;
        }
    }
}
