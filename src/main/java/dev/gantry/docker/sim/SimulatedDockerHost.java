package dev.gantry.docker.sim;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerObservation.Binding;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.ContainerSpec.ImagePullPolicy;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import dev.gantry.docker.HostInfo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An in-memory Docker engine driven by a {@link Clock}, for scale benchmarks and fast timing tests; never a
 * substitute for the real engine in behaviour tests. Time-based transitions (exits, health) happen when the
 * host is {@link #tick() ticked} or called, at the clock's current time; use {@link #startTicking} with a
 * real clock. Scripts ({@link #script}) and fault modes ({@link #setFault}) let tests steer it.
 */
public final class SimulatedDockerHost implements DockerHost {

    /**
     * How the simulated engine misbehaves: not at all, refuses at once, answers late, fails every other call, or is
     * partitioned away (every call hangs until the docker client's timeout for it, and the event stream goes silent,
     * as a black-holed network does: what a lost host costs for real).
     */
    public enum FaultMode { NONE, UNREACHABLE, SLOW, FLAPPING, PARTITIONED }

    private static final String TASK_LABEL = "gantry.task-arn";

    private final String name;
    private final String engineId;
    private final Clock clock;
    private final Map<String, SimulatedContainer> containers = new LinkedHashMap<>();
    private final Set<String> localImages = ConcurrentHashMap.newKeySet();
    private final Set<String> registryImages = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, String>> networks = new LinkedHashMap<>();
    private final List<Script> scripts = new ArrayList<>();
    private final SimulatedEvents events = new SimulatedEvents();
    private final SimulatedPorts ports = new SimulatedPorts();
    private final SimulatedFaults faults;
    /** Container ids, seeded as the latency samples are: a scenario's engines replay them. */
    private final SplittableRandom containerIds;
    private final Ticker ticker = new Ticker(this::tick);

    private record Script(Predicate<ContainerSpec> matches, Behaviour behaviour) {
    }

    /** A host that already holds the test images, like every host of the real rig. */
    public SimulatedDockerHost(String name, Clock clock) {
        this(name, clock, SimulatedEngineProperties.none(), CallTimeouts.of(dev.gantry.docker.DockerClientProperties.defaults()));
    }

    /**
     * A host whose every call also costs {@code engine}'s latency, and whose calls hang for {@code timeouts} while it
     * is {@link FaultMode#PARTITIONED}; its latency samples are seeded from the engine seed and the host's name.
     */
    public SimulatedDockerHost(String name, Clock clock, SimulatedEngineProperties engine, CallTimeouts timeouts) {
        this.name = name;
        this.clock = clock;
        this.faults = new SimulatedFaults(timeouts, engine.latency(), engine.seed() * 31 + name.hashCode());
        this.containerIds = new SplittableRandom(engine.seed() * 37 + name.hashCode());
        this.engineId = "SIM:" + HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
        localImages.addAll(List.of("gantry-test/busybox:1", "gantry-test/busybox:2"));
    }

    /** Containers whose spec matches follow {@code behaviour} instead of what their command implies; first match wins. */
    public synchronized SimulatedDockerHost script(Predicate<ContainerSpec> matches, Behaviour behaviour) {
        scripts.add(new Script(matches, behaviour));
        return this;
    }

    public SimulatedDockerHost scriptByName(String containerName, Behaviour behaviour) {
        return script(spec -> containerName.equals(spec.name()), behaviour);
    }

    /** Makes {@code image} pullable; pulls of anything else fail as on a machine without a registry. */
    public SimulatedDockerHost publishToRegistry(String image) {
        registryImages.add(image);
        return this;
    }

    public void setFault(FaultMode mode, Duration latency) {
        faults.set(mode, latency);
        events.silence(mode == FaultMode.PARTITIONED);
        if (mode == FaultMode.UNREACHABLE) {
            events.fail(new DockerHostException(Kind.UNREACHABLE, name + ": simulated engine unreachable", null));
        }
    }

    /** Applies every time-based transition due at the clock's current time and delivers the events. */
    public synchronized void tick() {
        Instant now = clock.instant();
        List<DockerEvent> due = new ArrayList<>();
        for (SimulatedContainer container : containers.values()) {
            container.advance(now, action -> due.add(event(container, action, now)));
        }
        events.publish(due);
    }

    /** Ticks by itself every {@code period} of real time: for use with a real clock. */
    public void startTicking(Duration period) {
        ticker.start(period);
    }

    @Override
    public HostInfo describe() {
        faults.checkLiveness(name);
        return new HostInfo(engineId, name, 2, 4L << 30, "linux", "x86_64", "20.10.24-sim", "1.41");
    }

    @Override
    public ContainerRef create(ContainerSpec spec) {
        faults.check(name);
        ensureImage(spec.image(), spec.pullPolicy());
        synchronized (this) {
            if (find(spec.name()).isPresent()) {
                throw new DockerHostException(Kind.CONFLICT, "create " + spec.name() + ": Conflict. The container name \"/"
                        + spec.name() + "\" is already in use", null);
            }
            String network = spec.network();
            if (network != null && !Set.of("", "bridge", "host", "none", "default").contains(network)
                    && !networks.containsKey(network)) {
                throw new DockerHostException(Kind.NOT_FOUND, "create " + spec.name() + ": network " + network
                        + " not found", null);
            }
            String id = newId();
            SimulatedContainer container = new SimulatedContainer(id, spec, "sha256:" + Integer.toHexString(spec.image().hashCode()));
            containers.put(id, container);
            events.publish(java.util.Collections.singletonList(event(container, "create", clock.instant())));
            return new ContainerRef(id);
        }
    }

    @Override
    public void start(ContainerRef ref) {
        faults.check(name);
        List<DockerEvent> due = new ArrayList<>();
        synchronized (this) {
            SimulatedContainer container = require(ref, "start");
            if (!container.running()) {
                List<Binding> bound = ports.bind(container.spec, containers.values());
                container.start(clock.instant(), scriptFor(container.spec), bound);
                due.add(event(container, "start", clock.instant()));
                container.advance(clock.instant(), action -> due.add(event(container, action, clock.instant())));
            }
        }
        events.publish(due);
    }

    @Override
    public void stop(ContainerRef ref, Duration grace) {
        faults.check(name);
        List<DockerEvent> due = new ArrayList<>();
        synchronized (this) {
            Optional<SimulatedContainer> found = find(ref.idOrName());
            if (found.isEmpty() || !found.get().running()) {
                return;
            }
            SimulatedContainer container = found.get();
            Instant now = clock.instant();
            container.kill(now);
            due.add(event(container, "kill", now));
            due.add(event(container, "die", now));
            due.add(event(container, "stop", now));
        }
        events.publish(due);
    }

    @Override
    public void remove(ContainerRef ref) {
        faults.check(name);
        List<DockerEvent> due = new ArrayList<>();
        synchronized (this) {
            Optional<SimulatedContainer> found = find(ref.idOrName());
            if (found.isEmpty()) {
                return;
            }
            SimulatedContainer container = found.get();
            if (container.running()) {
                container.kill(clock.instant());
                due.add(event(container, "die", clock.instant()));
            }
            containers.remove(container.id);
            due.add(event(container, "destroy", clock.instant()));
        }
        events.publish(due);
    }

    @Override
    public Optional<ContainerObservation> inspect(ContainerRef ref) {
        faults.check(name);
        tick();
        synchronized (this) {
            return find(ref.idOrName()).map(SimulatedContainer::observe);
        }
    }

    @Override
    public List<ContainerObservation> list(Map<String, String> labels) {
        faults.check(name);
        tick();
        synchronized (this) {
            return containers.values().stream()
                    .filter(c -> matches(c.spec.labels(), labels))
                    .map(SimulatedContainer::observe)
                    .toList();
        }
    }

    @Override
    public boolean hasImage(String image) {
        faults.check(name);
        return localImages.contains(image);
    }

    @Override
    public Subscription events(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        faults.checkStreamOpen(name);
        return events.subscribe(sink, onError);
    }

    @Override
    public synchronized void ensureNetwork(String network, Map<String, String> labels) {
        faults.check(name);
        networks.putIfAbsent(network, labels == null ? Map.of() : Map.copyOf(labels));
    }

    /** The simulator keeps no volumes: mounts are not modelled. */
    @Override
    public Map<String, String> unusedVolumes(String labelKey, Map<String, String> requiredLabels) {
        faults.check(name);
        return Map.of();
    }

    @Override
    public void removeVolume(String volume) {
        faults.check(name);
    }

    @Override
    public synchronized dev.gantry.docker.ImageInventory images() {
        faults.check(name);
        List<dev.gantry.docker.ImageInventory.Image> images = localImages.stream()
                .map(image -> new dev.gantry.docker.ImageInventory.Image(image, List.of(image), List.of())).toList();
        java.util.Set<String> inUse = containers.values().stream().map(c -> c.spec.image())
                .collect(java.util.stream.Collectors.toSet());
        return new dev.gantry.docker.ImageInventory(images, inUse);
    }

    @Override
    public synchronized void removeImageTag(String reference) {
        faults.check(name);
        if (containers.values().stream().anyMatch(c -> reference.equals(c.spec.image()))) {
            throw new DockerHostException(Kind.CONFLICT, "remove image " + reference + ": in use", null);
        }
        localImages.remove(reference);
    }

    @Override
    public synchronized void removeNetwork(String network) {
        faults.check(name);
        boolean inUse = containers.values().stream().anyMatch(c -> c.running() && network.equals(c.spec.network()));
        if (inUse) {
            throw new DockerHostException(Kind.REFUSED, "remove network " + network + ": has active endpoints", null);
        }
        networks.remove(network);
    }

    @Override
    public void logs(ContainerRef ref, LogRequest request, OutputStream out) {
        faults.check(name);
        new SimulatedLogs(this::logSnapshot).write(ref, request, out);
    }

    @Override
    public void close() {
        ticker.stop();
        events.closeAll();
    }

    /** The container's output so far and whether it still runs, read under the host's lock. */
    synchronized Optional<SimulatedLogs.Snapshot> logSnapshot(ContainerRef ref) {
        tick();
        Instant now = clock.instant();
        return find(ref.idOrName()).map(c -> new SimulatedLogs.Snapshot(c.startedAt(), c.output(now), c.running()));
    }

    private void ensureImage(String image, ImagePullPolicy policy) {
        boolean present = localImages.contains(image);
        boolean pull = policy == ImagePullPolicy.ALWAYS || !present;
        if (!pull) {
            return;
        }
        if (!registryImages.contains(image)) {
            throw new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: simulated registry has no image "
                    + image, null);
        }
        localImages.add(image);
    }

    private SimulatedContainer require(ContainerRef ref, String action) {
        return find(ref.idOrName()).orElseThrow(() -> new DockerHostException(Kind.NOT_FOUND,
                action + " " + ref.idOrName() + ": No such container", null));
    }

    private Optional<SimulatedContainer> find(String idOrName) {
        SimulatedContainer byId = containers.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return containers.values().stream()
                .filter(c -> c.spec.name().equals(idOrName) || (idOrName.length() >= 12 && c.id.startsWith(idOrName)))
                .findFirst();
    }

    private Behaviour scriptFor(ContainerSpec spec) {
        return scripts.stream().filter(s -> s.matches().test(spec)).map(Script::behaviour).findFirst().orElse(null);
    }

    private static boolean matches(Map<String, String> have, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(w -> have.containsKey(w.getKey())
                && (w.getValue() == null || w.getValue().isEmpty() || w.getValue().equals(have.get(w.getKey()))));
    }

    /** Docker reports events of Gantry's containers only (those with the task label); null drops the rest. */
    private static DockerEvent event(SimulatedContainer container, String action, Instant at) {
        return container.spec.labels().containsKey(TASK_LABEL) ? container.event(action, at) : null;
    }

    /** Called holding the host's lock (create). */
    private String newId() {
        byte[] bytes = new byte[32];
        containerIds.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
