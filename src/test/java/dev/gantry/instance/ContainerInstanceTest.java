package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerInstanceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static ContainerInstance instance(boolean connected, int failures, Instant disconnectedAt, Instant lastHeartbeat) {
        return new ContainerInstance("i1", 1, "unix:///x", false, "e", "n", "20.10", ContainerInstance.Status.ACTIVE, null,
                connected, 2048, 1024, 2048, 1024, List.of(), List.of(), List.of(), List.of(), Map.of(), NOW, lastHeartbeat,
                failures, disconnectedAt, 0);
    }

    @ParameterizedTest(name = "connected={0} failures={1} disconnected={2} last heartbeat {3} s ago -> {4}")
    @CsvSource(nullValues = "null", value = {
        "true,  0, false, 5,    false",
        "true,  0, false, 59,   false",
        "true,  0, false, 61,   true",
        "true,  0, false, null, true",
        "true,  1, false, 5,    true",
        "false, 2, true,  5,    true",
        "true,  0, true,  5,    true",
    })
    void aSuccessfulPingWritesOnlyWhenItChangesSomething(boolean connected, int failures, boolean disconnected,
            Integer secondsAgo, boolean writes) {
        ContainerInstance i = instance(connected, failures, disconnected ? NOW.minusSeconds(30) : null,
                secondsAgo == null ? null : NOW.minusSeconds(secondsAgo));
        assertThat(i.heartbeatChangesSomething(NOW)).isEqualTo(writes);
    }
}
