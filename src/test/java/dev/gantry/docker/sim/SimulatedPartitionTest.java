package dev.gantry.docker.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import dev.gantry.docker.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A partitioned simulated host costs what a black-holed engine costs: each call waits out its client's timeout. */
class SimulatedPartitionTest {

    private static final CallTimeouts SHORT = new CallTimeouts(Duration.ofMillis(150), Duration.ofMillis(400), Duration.ofMillis(250));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedDockerHost host = new SimulatedDockerHost("sim-partition", clock, SimulatedEngineProperties.none(), SHORT);

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void eachKindOfCallHangsForItsOwnTimeoutThenFailsUnreachable() {
        host.setFault(SimulatedDockerHost.FaultMode.PARTITIONED, null);

        assertThat(failureAfter(host::describe)).isGreaterThanOrEqualTo(SHORT.liveness()).isLessThan(SHORT.request());
        assertThat(failureAfter(() -> host.list(Map.of()))).isGreaterThanOrEqualTo(SHORT.request());
        assertThat(failureAfter(() -> host.events(e -> { }, t -> { }))).isGreaterThanOrEqualTo(SHORT.streamOpen());
    }

    @Test
    void aCallHangingWhenThePartitionHealsGoesThrough() throws Exception {
        CallTimeouts patient = new CallTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        SimulatedDockerHost healing = new SimulatedDockerHost("sim-healing", clock, SimulatedEngineProperties.none(), patient);
        healing.setFault(SimulatedDockerHost.FaultMode.PARTITIONED, null);
        CompletableFuture<String> described = CompletableFuture.supplyAsync(() -> healing.describe().name());

        // the call hangs (it is not refused, and it does not get through) for as long as the partition lasts
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !described.isDone());
        healing.setFault(SimulatedDockerHost.FaultMode.NONE, null);

        assertThat(described.get(5, TimeUnit.SECONDS)).isEqualTo("sim-healing");
        healing.close();
    }

    @Test
    void theEventStreamGoesSilentWithoutBreaking() throws Exception {
        List<DockerEvent> events = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        host.events(events::add, errors::add);
        host.scriptByName("short", new Behaviour.ExitAfter(Duration.ofSeconds(1), 3));
        ContainerRef ref = host.create(Specs.container("short").label("gantry.task-arn", "arn:task/short").build());
        host.start(ref);
        long before = awaitStable(events);

        host.setFault(SimulatedDockerHost.FaultMode.PARTITIONED, null);
        clock.advance(Duration.ofSeconds(2));
        host.tick();

        // silent, not broken: no event and no error arrives while partitioned
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> events.size() == before && errors.isEmpty());
    }

    /** The number of events once no new one has arrived for a poll interval. */
    private static long awaitStable(List<DockerEvent> events) {
        AtomicLong seen = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> seen.getAndSet(events.size()) == events.size());
        return seen.get();
    }

    private static Duration failureAfter(Runnable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
