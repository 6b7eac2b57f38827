package dev.gantry.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerEventTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "die, true",
        "oom, true",
        "destroy, true",
        "pause, true",
        "health_status: unhealthy, true",
        "health_status: healthy, true",
        "create, false",
        "start, false",
        "attach, false",
        "kill, false",
        "exec_start: sh -c true, false",
    })
    void onlyEventsThatCanChangeATasksStateWakeTheHostLoop(String action, boolean wakes) {
        assertThat(new DockerEvent("c1", action, Map.of(), Instant.EPOCH).changesState()).isEqualTo(wakes);
    }
}
