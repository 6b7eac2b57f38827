package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.HostView;
import dev.gantry.placement.PlacementConstraint;
import dev.gantry.placement.PlacementRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which hosts a DAEMON service starts on, and which keep their task through a disconnect. */
class DaemonPassTest {

    private static HostView host(String id, String status, boolean connected, String zone) {
        return new HostView(id, "arn:" + id, status, connected, 1024, 1024, Set.of(), Set.of(),
                Map.of("ecs.availability-zone", zone), List.of(), "1.0.0", null);
    }

    @ParameterizedTest(name = "{0} connected={1} zone={2} -> start {3}, keep {4}")
    @CsvSource({
            "ACTIVE,   true,  a, true,  false",
            "ACTIVE,   false, a, false, true",   // disconnected, not lost: keep its task, start none
            "DRAINING, true,  a, false, false",
            "DRAINING, false, a, false, false",
            "ACTIVE,   false, b, false, false",  // no longer matches the constraint
            "ACTIVE,   true,  b, false, false",
    })
    void startsOnConnectedHostsAndKeepsTasksOfDisconnectedOnes(String status, boolean connected, String zone,
            boolean start, boolean keep) {
        ClusterSnapshot snapshot = new ClusterSnapshot(List.of(host("h", status, connected, zone)));
        PlacementRequest base = PlacementRequest.of("service:agent", 16, 16, 1);
        PlacementRequest request = new PlacementRequest(base.group(), "agent", base.cpu(), base.memory(), Set.of(), Set.of(),
                Set.of(), List.of(PlacementConstraint.MemberOf.of("attribute:ecs.availability-zone == a")), List.of(), 1, 0L);
        assertThat(DaemonPass.eligible(snapshot, request).contains("h")).isEqualTo(start);
        assertThat(DaemonPass.keptThroughDisconnect(snapshot, request).contains("h")).isEqualTo(keep);
    }
}
