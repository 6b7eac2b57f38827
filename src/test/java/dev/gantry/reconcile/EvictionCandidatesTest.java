package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.instance.ContainerInstance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which hosts past the loss timeout compete for the guard's eviction rate. A host declared lost keeps its row until
 * it is deregistered; if it kept competing (oldest disconnection first, one host per turn at 0.1 hosts/s), a second
 * host lost later in the same cluster would never get a turn and its tasks would never be replaced.
 */
class EvictionCandidatesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static ContainerInstance disconnected(String id, long secondsAgo) {
        return new ContainerInstance(id, 1, "tcp://10.213.0.13:2375", false, "e-" + id, id, "20.10",
                ContainerInstance.Status.ACTIVE, null, false, 2048, 1024, 2048, 1024, List.of(), List.of(), List.of(),
                List.of(), Map.of(), NOW.minusSeconds(3600), NOW.minusSeconds(secondsAgo), 2, NOW.minusSeconds(secondsAgo), 0);
    }

    @Test
    void aHostLostLongAgoWithNoTasksLeftDoesNotTakeTheTurnOfOneLostLater() {
        ContainerInstance lostLongAgo = disconnected("a", 3600);
        ContainerInstance lostNow = disconnected("b", 70);

        List<ContainerInstance> candidates = EvictionGate.stillHoldingTasks(List.of(lostLongAgo, lostNow), Set.of("b"));

        assertThat(candidates).extracting(ContainerInstance::id).containsExactly("b");
    }

    @Test
    void everyHostStillHoldingTasksStaysACandidateInItsOrder() {
        List<ContainerInstance> pastTimeout = List.of(disconnected("a", 300), disconnected("b", 200), disconnected("c", 100));

        assertThat(EvictionGate.stillHoldingTasks(pastTimeout, Set.of("a", "b", "c"))).isEqualTo(pastTimeout);
        assertThat(EvictionGate.stillHoldingTasks(pastTimeout, Set.of())).isEmpty();
    }
}
