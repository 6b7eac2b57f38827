package dev.gantry.docker.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import dev.gantry.docker.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the simulation offers: virtual time, scripted behaviours and fault modes. */
class SimulatedDockerHostTimingTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(START);
    private final SimulatedDockerHost host = new SimulatedDockerHost("sim-timing", clock);

    @AfterEach
    void closeHost() {
        host.close();
    }

    private ContainerRef startTask(String name) {
        ContainerRef ref = host.create(Specs.container(name).label("gantry.task-arn", "arn:task/" + name).build());
        host.start(ref);
        return ref;
    }

    private ContainerObservation observe(ContainerRef ref) {
        return host.inspect(ref).orElseThrow();
    }

    @Test
    void scriptedExitHappensExactlyWhenTheClockGetsThere() {
        host.scriptByName("worker", new Behaviour.ExitAfter(Duration.ofMinutes(5), 42));
        ContainerRef ref = startTask("worker");

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(observe(ref).running()).isTrue();

        clock.advance(Duration.ofMillis(1));
        ContainerObservation finished = observe(ref);
        assertThat(finished.exitCode()).isEqualTo(42);
        assertThat(finished.finishedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void scriptedUnhealthinessFollowsTheHealthCheckTiming() {
        host.scriptByName("flaky", new Behaviour.UnhealthyAfter(Duration.ofSeconds(60)));
        ContainerRef ref = host.create(Specs.container("flaky").healthCheck(List.of("CMD-SHELL", "true"), 10, 3).build());
        host.start(ref);

        assertThat(observe(ref).health()).isEqualTo("starting");
        clock.advance(Duration.ofSeconds(10));
        assertThat(observe(ref).health()).isEqualTo("healthy");
        clock.advance(Duration.ofSeconds(60 + 30 - 10 - 1));
        assertThat(observe(ref).health()).isEqualTo("healthy");
        clock.advance(Duration.ofSeconds(1));
        assertThat(observe(ref).health()).isEqualTo("unhealthy");
        assertThat(observe(ref).running()).isTrue();
    }

    @Test
    void tickDeliversTheDieEventOfAScriptedExit() {
        List<DockerEvent> events = new CopyOnWriteArrayList<>();
        host.events(events::add, error -> { });
        host.scriptByName("short", new Behaviour.ExitAfter(Duration.ofSeconds(3), 1));
        ContainerRef ref = startTask("short");

        clock.advance(Duration.ofSeconds(3));
        host.tick();

        String id = observe(ref).id();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events)
                .extracting(DockerEvent::action).containsSubsequence("create", "start", "die"));
        assertThat(events).allSatisfy(e -> assertThat(e.containerId()).isEqualTo(id));
    }

    @Test
    void pullSucceedsForImagesTheRegistryHasAndFailsForOthers() {
        host.publishToRegistry("example/app:2");

        host.create(Specs.container("pulled").image("example/app:2").build());

        assertThat(host.hasImage("example/app:2")).isTrue();
        assertThatThrownBy(() -> host.create(Specs.container("nope").image("example/app:3").build()))
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL));
    }

    @Test
    void unreachableHostFailsEveryCallAndBreaksTheEventStream() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        host.events(event -> { }, errors::add);

        host.setFault(SimulatedDockerHost.FaultMode.UNREACHABLE, null);

        assertThatThrownBy(() -> host.list(Map.of()))
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(errors).hasSize(1));

        host.setFault(SimulatedDockerHost.FaultMode.NONE, null);
        assertThat(host.list(Map.of())).isEmpty();
    }

    @Test
    void flappingHostFailsEveryOtherCall() {
        host.setFault(SimulatedDockerHost.FaultMode.FLAPPING, null);

        int failures = 0;
        for (int call = 0; call < 10; call++) {
            try {
                host.describe();
            } catch (DockerHostException e) {
                failures++;
            }
        }

        assertThat(failures).isEqualTo(5);
    }

    @Test
    void slowHostAnswersLate() {
        host.setFault(SimulatedDockerHost.FaultMode.SLOW, Duration.ofMillis(200));
        long started = System.nanoTime();

        host.describe();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void factoryReturnsTheSameHostForTheSameEndpoint() {
        SimulatedDockerHostFactory factory = new SimulatedDockerHostFactory(clock);

        assertThat(factory.open(DockerEndpoint.plain("tcp://10.0.0.1:2375")))
                .isSameAs(factory.host("tcp://10.0.0.1:2375"))
                .isNotSameAs(factory.host("tcp://10.0.0.2:2375"));
        assertThat(factory.host("tcp://10.0.0.1:2375").describe().name()).isEqualTo("10.0.0.1");
    }
}
