package dev.gantry.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class InstrumentedDockerHostTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** describe() answers; every other call fails as an unreachable engine. */
    private static DockerHost engine() {
        return (DockerHost) Proxy.newProxyInstance(DockerHost.class.getClassLoader(), new Class<?>[] {DockerHost.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("describe")) {
                        return null;
                    }
                    throw new DockerHostException(DockerHostException.Kind.UNREACHABLE, "connection refused", null);
                });
    }

    @Test
    void successfulCallsAreTimedByOperationWithoutAHostLabel() {
        new InstrumentedDockerHost(engine(), meters, "abc").describe();
        new InstrumentedDockerHost(engine(), meters, "def").describe();

        // one series for both hosts: the histogram's size does not grow with the fleet
        assertThat(meters.get("gantry.docker.api.duration").tag("operation", "describe")
                .tag("outcome", "success").timers()).singleElement()
                .satisfies(t -> {
                    assertThat(t.count()).isEqualTo(2);
                    assertThat(t.getId().getTag("host")).isNull();
                });
        assertThat(meters.find("gantry.docker.api.errors").counters()).isEmpty();
    }

    @Test
    void failedCallsAreTimedAndCountedByKindAndStillThrow() {
        var host = new InstrumentedDockerHost(engine(), meters, "abc");

        assertThatThrownBy(() -> host.start(new ContainerRef("c1"))).isInstanceOf(DockerHostException.class);
        assertThatThrownBy(() -> host.start(new ContainerRef("c2"))).isInstanceOf(DockerHostException.class);

        assertThat(meters.get("gantry.docker.api.errors").tag("host", "abc").tag("operation", "start")
                .tag("kind", "UNREACHABLE").counter().count()).isEqualTo(2);
        assertThat(meters.get("gantry.docker.api.duration").tag("operation", "start").tag("outcome", "error")
                .timer().count()).isEqualTo(2);
    }
}
