package dev.gantry.placement;

import static dev.gantry.placement.Hosts.host;
import static dev.gantry.placement.Hosts.serviceTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.SpreadRebalancer.Move;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rebalancing spread extension: moves that even a service out after instances join. */
class SpreadRebalancerTest {
    private final SpreadRebalancer rebalancer = new SpreadRebalancer();
    private final PlacementRequest api = Requests.serviceTask("api")
            .withStrategies(List.of(new PlacementStrategy.Spread("instanceId")));

    private static ClusterSnapshot twoFullHostsAndTwoNewOnes() {
        return Hosts.cluster(
                host("h1").withTasks(serviceTask("t1", "api"), serviceTask("t2", "api"), serviceTask("t3", "api"), serviceTask("t4", "api")),
                host("h2").withTasks(serviceTask("t5", "api"), serviceTask("t6", "api"), serviceTask("t7", "api"), serviceTask("t8", "api")),
                host("h3"), host("h4"));
    }

    @Test
    void movesTasksOntoJoinedInstancesUntilCountsAreWithinOne() {
        List<Move> moves = rebalancer.plan(twoFullHostsAndTwoNewOnes(), api, 10);
        Map<String, Integer> counts = new HashMap<>(Map.of("h1", 4, "h2", 4, "h3", 0, "h4", 0));
        moves.forEach(move -> {
            counts.merge(move.fromInstanceId(), -1, Integer::sum);
            counts.merge(move.toInstanceId(), 1, Integer::sum);
        });
        assertThat(moves).hasSize(4);
        assertThat(moves).extracting(Move::toInstanceId).allMatch(id -> id.equals("h3") || id.equals("h4"));
        assertThat(counts.values()).containsOnly(2);
    }

    @Test
    void neverMovesMoreThanAskedPerPass() {
        assertThat(rebalancer.plan(twoFullHostsAndTwoNewOnes(), api, 1)).hasSize(1);
    }

    @Test
    void aBalancedServiceNeedsNoMoves() {
        ClusterSnapshot balanced = Hosts.cluster(host("h1").withTasks(serviceTask("t1", "api"), serviceTask("t2", "api")),
                host("h2").withTasks(serviceTask("t3", "api")));
        assertThat(rebalancer.plan(balanced, api, 10)).isEmpty();
    }

    @Test
    void aTargetThatBreaksAConstraintIsNeverChosen() {
        PlacementRequest onlyOldHosts = api.withConstraints(List.of(PlacementConstraint.MemberOf.of("ec2InstanceId in [h1, h2]")));
        assertThat(rebalancer.plan(twoFullHostsAndTwoNewOnes(), onlyOldHosts, 10)).isEmpty();
    }
}
