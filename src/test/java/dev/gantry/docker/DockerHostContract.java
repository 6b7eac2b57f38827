package dev.gantry.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.docker.ContainerSpec.ImagePullPolicy;
import dev.gantry.docker.DockerHost.LogRequest;
import dev.gantry.docker.DockerHostException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DockerHost} must do, written once and run against the simulated host (fast) and the
 * real engines of the test rig, which keeps the simulation honest. Every container a test makes carries
 * this run's label and is removed afterwards.
 */
public abstract class DockerHostContract {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final String RUN_LABEL = "gantry.test-run";
    protected static final String TASK_LABEL = "gantry.task-arn";

    protected DockerHost host;
    protected String run;

    /** A host to test; the same engine for the whole test. */
    protected abstract DockerHost openHost();

    /** The real engine kills a memory hog by itself; the simulation has to be told which container is one. */
    protected abstract void scriptOutOfMemory(String containerName);

    @BeforeEach
    void openHostForTest() {
        host = openHost();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeContainersOfThisRun() {
        host.list(Map.of(RUN_LABEL, run)).forEach(c -> host.remove(new ContainerRef(c.id())));
        assertThat(host.list(Map.of(RUN_LABEL, run))).isEmpty();
        host.close();
    }

    /** A spec named and labelled for this run, as Gantry labels its own containers. */
    protected Specs container(String shortName) {
        return Specs.container("gt-" + run + "-" + shortName)
                .label(RUN_LABEL, run)
                .label(TASK_LABEL, "arn:gantry:test:task/" + run + "/" + shortName)
                .label("gantry.container-name", shortName);
    }

    protected ContainerRef createAndStart(Specs spec) {
        ContainerRef ref = host.create(spec.build());
        host.start(ref);
        return ref;
    }

    protected ContainerObservation observe(ContainerRef ref) {
        return host.inspect(ref).orElseThrow(() -> new AssertionError("container vanished: " + ref));
    }

    protected ContainerObservation awaitFinished(ContainerRef ref) {
        await().atMost(PATIENCE).until(() -> observe(ref).finished());
        return observe(ref);
    }

    @Test
    void describesTheEngine() {
        HostInfo info = host.describe();

        assertThat(info.engineId()).isNotBlank();
        assertThat(info.name()).isNotBlank();
        assertThat(info.cpus()).isPositive();
        assertThat(info.memoryBytes()).isPositive();
        assertThat(info.osType()).isEqualTo("linux");
        assertThat(info.architecture()).isIn("x86_64", "arm64");
        assertThat(info.apiVersion()).isNotBlank();
    }

    @Test
    void createdContainerIsObservedAsCreatedWithItsLabels() {
        ContainerRef ref = host.create(container("web").label("gantry.cluster", "default").build());

        ContainerObservation created = observe(ref);
        assertThat(created.state()).isEqualTo("created");
        assertThat(created.name()).isEqualTo("gt-" + run + "-web");
        assertThat(created.image()).isEqualTo(Specs.TEST_IMAGE);
        assertThat(created.labels()).containsEntry("gantry.cluster", "default").containsEntry(RUN_LABEL, run);
        assertThat(created.startedAt()).isNull();
    }

    @Test
    void startedContainerRunsAndStartingAgainIsHarmless() {
        ContainerRef ref = createAndStart(container("sleeper"));
        host.start(ref);

        ContainerObservation running = observe(ref);
        assertThat(running.state()).isEqualTo("running");
        assertThat(running.running()).isTrue();
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.exitCode()).isIn(null, 0);
    }

    @Test
    void creatingATakenNameIsAConflictAndMakesNoSecondContainer() {
        host.create(container("once").build());

        assertThatThrownBy(() -> host.create(container("once").build()))
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        assertThat(host.list(Map.of(RUN_LABEL, run))).hasSize(1);
    }

    @Test
    void listMatchesAllLabelsAndIncludesStoppedContainers() {
        ContainerRef finished = createAndStart(container("a").label("gantry.service", "web").shell("exit 0"));
        createAndStart(container("b").label("gantry.service", "worker"));
        awaitFinished(finished);

        assertThat(host.list(Map.of(RUN_LABEL, run))).hasSize(2);
        assertThat(host.list(Map.of(RUN_LABEL, run, "gantry.service", "web")))
                .singleElement().satisfies(c -> assertThat(c.state()).isEqualTo("exited"));
        assertThat(host.list(Map.of(RUN_LABEL, run, "gantry.service", ""))).hasSize(2);
        assertThat(host.list(Map.of(RUN_LABEL, run, "gantry.service", "nothing"))).isEmpty();
    }

    @Test
    void stopEndsAContainerThatIgnoresSigtermAfterTheGracePeriod() {
        ContainerRef ref = createAndStart(container("stubborn"));

        host.stop(ref, Duration.ofSeconds(1));

        ContainerObservation stopped = observe(ref);
        assertThat(stopped.state()).isEqualTo("exited");
        assertThat(stopped.exitCode()).isEqualTo(137);
        assertThat(stopped.oomKilled()).isFalse();
        assertThat(stopped.finishedAt()).isAfterOrEqualTo(stopped.startedAt());
    }

    @Test
    void stoppingAStoppedOrMissingContainerAndRemovingAMissingOneSucceed() {
        ContainerRef ref = createAndStart(container("twice"));
        host.stop(ref, Duration.ZERO);
        host.stop(ref, Duration.ZERO);
        host.remove(ref);
        host.remove(ref);
        host.stop(ref, Duration.ZERO);

        assertThat(host.inspect(ref)).isEmpty();
    }

    @Test
    void removeTakesARunningContainerAway() {
        ContainerRef ref = createAndStart(container("running"));

        host.remove(ref);

        assertThat(host.inspect(ref)).isEmpty();
        assertThat(host.list(Map.of(RUN_LABEL, run))).isEmpty();
    }

    @Test
    void startingAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> host.start(new ContainerRef("gt-" + run + "-never-created")))
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void finishedContainerReportsItsExitCodeAndTimes() {
        ContainerRef ref = createAndStart(container("fails").shell("exit 3"));

        ContainerObservation finished = awaitFinished(ref);

        assertThat(finished.exitCode()).isEqualTo(3);
        assertThat(finished.oomKilled()).isFalse();
        // Docker stamps a process that exits at once as finished a fraction of a millisecond before it
        // stamps it as started; both times are there, in that loose order.
        assertThat(finished.finishedAt()).isAfterOrEqualTo(finished.startedAt().minusSeconds(1));
        assertThat(finished.bindings()).isEmpty();
    }

    @Test
    void staticAndDynamicHostPortsAreReportedAsBound() {
        ContainerRef ref = createAndStart(container("ports").port(80, 18080).port(81, null));

        List<ContainerObservation.Binding> bindings = observe(ref).bindings();

        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.containerPort()).isEqualTo(80);
            assertThat(b.hostPort()).isEqualTo(18080);
            assertThat(b.protocol()).isEqualTo("tcp");
        });
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.containerPort()).isEqualTo(81);
            assertThat(b.hostPort()).isPositive().isNotEqualTo(18080);
        });
        assertThat(bindings).hasSize(2);
    }

    @Test
    void aTakenStaticHostPortIsRefusedAtStart() {
        createAndStart(container("first").port(80, 18081));
        ContainerRef second = host.create(container("second").port(80, 18081).build());

        assertThatThrownBy(() -> host.start(second))
                .isInstanceOfSatisfying(DockerHostException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(e.getMessage()).contains("already allocated");
                });
    }

    @Test
    void passingHealthCheckMakesTheContainerHealthy() {
        ContainerRef ref = createAndStart(container("healthy").healthCheck(List.of("CMD-SHELL", "true"), 1, 1));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(observe(ref).health()).isEqualTo("healthy"));
    }

    @Test
    void failingHealthCheckMakesTheContainerUnhealthy() {
        ContainerRef ref = createAndStart(container("sick").healthCheck(List.of("CMD-SHELL", "exit 1"), 1, 1));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(observe(ref).health()).isEqualTo("unhealthy"));
    }

    @Test
    void containerWithoutHealthCheckHasNoHealth() {
        assertThat(observe(createAndStart(container("plain"))).health()).isNull();
    }

    @Test
    void exceedingTheMemoryLimitIsReportedAsOutOfMemory() {
        Specs hog = container("hog").memoryMiB(8).command("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        scriptOutOfMemory(hog.build().name());

        ContainerRef ref = createAndStart(hog);
        awaitFinished(ref);

        // dockerd (cgroup v1) may process the exit before the OOM event; its flag follows shortly after
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(observe(ref).oomKilled()).isTrue());
        assertThat(observe(ref).exitCode()).isEqualTo(137);
    }

    @Test
    void pullFailureOfAnUnknownImageIsReportedPromptly() {
        Specs missing = container("missing").image("gantry-test/does-not-exist:1");
        long started = System.nanoTime();

        assertThatThrownBy(() -> host.create(missing.build()))
                .isInstanceOfSatisfying(DockerHostException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL);
                    assertThat(e.getMessage()).startsWith("CannotPullContainerError: ");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(host.list(Map.of(RUN_LABEL, run))).isEmpty();
    }

    @Test
    void pullPoliciesDecideWhetherAPresentImageIsPulled() {
        assertThat(host.hasImage(Specs.TEST_IMAGE)).isTrue();
        assertThat(host.hasImage("gantry-test/does-not-exist:1")).isFalse();

        host.create(container("cached").pullPolicy(ImagePullPolicy.PREFER_CACHED).build());
        host.create(container("default").pullPolicy(ImagePullPolicy.DEFAULT).build());
        // No registry is reachable from the rig, so a pull of even a present image must fail.
        assertThatThrownBy(() -> host.create(container("always").pullPolicy(ImagePullPolicy.ALWAYS).build()))
                .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL));
        assertThat(host.list(Map.of(RUN_LABEL, run))).hasSize(2);
    }

    @Test
    void eventsReportGantryContainersOnly() {
        List<DockerEvent> events = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ContainerRef foreign = host.create(Specs.container("gt-" + run + "-foreign").label(RUN_LABEL, run)
                .shell("exit 0").build());
        try (DockerHost.Subscription ignored = host.events(events::add, errors::add)) {
            host.start(foreign);
            awaitFinished(foreign);
            ContainerRef ours = createAndStart(container("evented").shell("exit 2"));

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(events)
                    .anySatisfy(e -> {
                        assertThat(e.containerId()).isEqualTo(observe(ours).id());
                        assertThat(e.action()).isEqualTo("die");
                        assertThat(e.labels()).containsEntry("exitCode", "2").containsKey(TASK_LABEL);
                    }));
            String foreignId = observe(foreign).id();
            assertThat(events).extracting(DockerEvent::action).contains("start");
            assertThat(events).noneSatisfy(e -> assertThat(e.containerId()).isEqualTo(foreignId));
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void logsHonourTail() {
        ContainerRef ref = createAndStart(container("talker").shell("echo one; echo two; echo three"));
        awaitFinished(ref);

        assertThat(logs(ref, new LogRequest(2, null, false, false))).isEqualTo("two\nthree\n");
        assertThat(logs(ref, new LogRequest(null, null, false, false))).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void followedLogsEndWhenTheContainerStops() {
        ContainerRef ref = createAndStart(container("slow-talker").shell("echo first; sleep 1; echo second"));

        assertThat(logs(ref, new LogRequest(null, null, true, false))).isEqualTo("first\nsecond\n");
        assertThat(observe(ref).finished()).isTrue();
    }

    @Test
    void taskNetworkIsIdempotentAndRefusesRemovalWhileInUse() {
        String network = "gt-" + run + "-net";
        host.ensureNetwork(network, Map.of(RUN_LABEL, run));
        host.ensureNetwork(network, Map.of(RUN_LABEL, run));
        ContainerRef member = createAndStart(container("member").network(network, "db"));
        try {
            assertThat(observe(member).running()).isTrue();
            assertThatThrownBy(() -> host.removeNetwork(network))
                    .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
        } finally {
            host.remove(member);
            host.removeNetwork(network);
            host.removeNetwork(network);
        }
    }

    protected String logs(ContainerRef ref, LogRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        host.logs(ref, request, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
