package dev.gantry.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.DockerClientProperties;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.HostInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link DockerHost} over docker-java. It holds one client (and connection pool) per kind of work, see
 * {@link Clients}: a long operation can only ever wait for its own kind, never hold up a heartbeat.
 */
public final class DockerJavaHost implements DockerHost {

    /**
     * The clients of one engine.
     *
     * @param liveness  heartbeats only ({@link #describe}): a small pool with a response timeout shorter than the ping's
     * @param requests  ordinary calls, 30 s response timeout
     * @param streams   the event stream and stops whose grace outlasts the response timeout
     * @param pulls     opens the client for image pulls, bounded by the pull deadline rather than a response timeout
     *                  (a new one replaces it when too many pulls were abandoned on it, see {@link ImagePuller})
     * @param follows   followed logs, bounded by the follow limit and the longest follow
     */
    record Clients(DockerClient liveness, DockerClient requests, DockerClient streams, Supplier<DockerClient> pulls,
            DockerClient follows) {

        List<DockerClient> all() {
            return List.of(liveness, requests, streams, follows);
        }
    }

    /** A log read without follow ends when the engine has sent what it has; this bounds a stuck one. */
    private static final Duration RESPONSE_WAIT = DockerJavaHostFactory.RESPONSE_TIMEOUT;

    private final DockerEndpoint endpoint;
    private final Clients clients;
    private final DockerClient requests;
    private final ImagePuller images;
    private final DockerClientProperties settings;
    private final SharedProbe engineProbe;

    DockerJavaHost(DockerEndpoint endpoint, Clients clients, DockerClientProperties settings) {
        this.endpoint = endpoint;
        this.clients = clients;
        this.requests = clients.requests();
        this.settings = settings;
        this.engineProbe = new SharedProbe(this::pingEngine, Duration.ofSeconds(1), System::nanoTime);
        this.images = new ImagePuller(requests, clients.pulls(), settings.pullTimeout(), this::engineAnswers);
    }

    @Override
    public HostInfo describe() {
        DockerClient liveness = clients.liveness();
        return call("describe " + endpoint, () -> {
            Info info = liveness.infoCmd().exec();
            Version version = liveness.versionCmd().exec();
            return new HostInfo(info.getId(), info.getName(), info.getNCPU() == null ? 0 : info.getNCPU(),
                    info.getMemTotal() == null ? 0 : info.getMemTotal(), info.getOsType(),
                    normaliseArchitecture(info.getArchitecture()), version.getVersion(), version.getApiVersion());
        });
    }

    /**
     * A failed pull is the image's problem only if the engine itself still answers, on its own pool; pulls failing
     * together share one ping (at most one a second) so that they never crowd out the heartbeat on that pool.
     */
    private boolean engineAnswers() {
        return engineProbe.answer();
    }

    private boolean pingEngine() {
        try {
            clients.liveness().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public ContainerRef create(ContainerSpec spec) {
        if (spec.pullPolicy() == ContainerSpec.ImagePullPolicy.ALWAYS) {
            images.ensurePresent(spec.image(), spec.pullPolicy());
        }
        requireExistingVolumes(spec);
        // as `docker run` does: create first and pull only when the engine lacks the image, which saves
        // an image inspection per container on the common path
        ContainerRef created = tryCreate(spec);
        if (created != null) {
            return created;
        }
        images.ensurePresent(spec.image(), spec.pullPolicy());
        ContainerRef afterPull = tryCreate(spec);
        if (afterPull == null) {
            throw new dev.gantry.docker.DockerHostException(dev.gantry.docker.DockerHostException.Kind.IMAGE_PULL,
                    "CannotPullContainerError: image " + spec.image() + " is still missing after the pull", null);
        }
        return afterPull;
    }

    /** Docker would create a missing named volume; a shared volume without autoprovision must exist (ECS). */
    private void requireExistingVolumes(ContainerSpec spec) {
        if (spec.mounts() == null) {
            return;
        }
        for (ContainerSpec.Mount mount : spec.mounts()) {
            if (mount.volume() == null || !mount.volume().mustExist()) {
                continue;
            }
            boolean exists = call("inspect volume " + mount.volumeName(), () -> {
                try {
                    requests.inspectVolumeCmd(mount.volumeName()).exec();
                    return true;
                } catch (NotFoundException missing) {
                    return false;
                }
            });
            if (!exists) {
                throw new dev.gantry.docker.DockerHostException(dev.gantry.docker.DockerHostException.Kind.REFUSED,
                        "CannotCreateContainerError: shared volume " + mount.volumeName() + " does not exist on the "
                                + "host and autoprovision is false", null);
            }
        }
    }

    /** The new container, or null when the engine does not have the image. */
    private ContainerRef tryCreate(ContainerSpec spec) {
        return call("create " + spec.name(), () -> {
            try {
                return new ContainerRef(ContainerSpecMapper.apply(spec, requests.createContainerCmd(spec.image())).exec().getId());
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                if (e.getMessage() != null && e.getMessage().contains("No such image")) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public void start(ContainerRef container) {
        call("start " + container.idOrName(), () -> {
            try {
                requests.startContainerCmd(container.idOrName()).exec();
            } catch (NotModifiedException alreadyRunning) {
                // Starting a running container is the outcome the caller wanted.
            }
            return null;
        });
    }

    @Override
    public void stop(ContainerRef container, Duration grace) {
        int seconds = (int) Math.max(0, grace.toSeconds());
        // A long grace period outlasts the 30 s response timeout of ordinary requests.
        DockerClient client = seconds < DockerJavaHostFactory.RESPONSE_TIMEOUT.toSeconds() - 5 ? requests : clients.streams();
        call("stop " + container.idOrName(), () -> {
            try {
                client.stopContainerCmd(container.idOrName()).withTimeout(seconds).exec();
            } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
                // Stopped (or gone) is the outcome the caller wanted.
            }
            return null;
        });
    }

    @Override
    public void remove(ContainerRef container) {
        call("remove " + container.idOrName(), () -> {
            try {
                requests.removeContainerCmd(container.idOrName()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // Gone is the outcome the caller wanted.
            } catch (ConflictException removalInProgress) {
                if (!EngineErrors.engineMessage(removalInProgress).contains("already in progress")) {
                    throw removalInProgress;
                }
            }
            return null;
        });
    }

    @Override
    public Optional<ContainerObservation> inspect(ContainerRef container) {
        return call("inspect " + container.idOrName(), () -> {
            try {
                InspectContainerResponse response = requests.inspectContainerCmd(container.idOrName()).exec();
                return Optional.of(ObservationMapper.observe(response));
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ContainerObservation> list(Map<String, String> labels) {
        List<Container> summaries = call("list " + labels, () -> {
            var cmd = requests.listContainersCmd().withShowAll(true);
            if (!labels.isEmpty()) {
                cmd.withLabelFilter(labelFilters(labels));
            }
            return cmd.exec();
        });
        // One call per host pass, however many containers it runs: the summary carries state, exit code, health
        // and bindings; callers inspect the few containers whose OOM flag or error they need.
        return summaries.stream().map(ObservationMapper::summarise).toList();
    }

    @Override
    public boolean hasImage(String image) {
        return images.isPresent(image);
    }

    @Override
    public Subscription events(Consumer<DockerEvent> sink, Consumer<Throwable> onError) {
        return call("events " + endpoint, () -> ContainerEventStream.open(clients.streams(), sink, onError));
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        call("ensure network " + name, () -> {
            boolean exists = requests.listNetworksCmd().withNameFilter(name).exec().stream()
                    .anyMatch(network -> name.equals(network.getName()));
            if (!exists) {
                try {
                    requests.createNetworkCmd().withName(name).withDriver("bridge")
                            .withLabels(labels == null ? Map.of() : labels).withCheckDuplicate(true).exec();
                } catch (ConflictException createdConcurrently) {
                    // Another caller created it between our look and our create: that is what we wanted.
                }
            }
            return null;
        });
    }

    @Override
    public void removeNetwork(String name) {
        call("remove network " + name, () -> {
            try {
                requests.removeNetworkCmd(name).exec();
            } catch (NotFoundException alreadyGone) {
                // Gone is the outcome the caller wanted.
            }
            return null;
        });
    }

    /**
     * A followed stream runs on the follow pool and ends, besides when the container stops, when the reader goes
     * away (the next frame fails to write and closes the engine's stream) or after {@code maxDuration}: it never
     * holds a connection to the engine for longer than that.
     */
    @Override
    public Map<String, String> unusedVolumes(String labelKey, Map<String, String> requiredLabels) {
        return call("list volumes " + labelKey, () -> {
            // the engine ANDs label filters: the key itself, and each required key=value
            List<String> labels = new java.util.ArrayList<>(List.of(labelKey));
            requiredLabels.forEach((k, v) -> labels.add(k + "=" + v));
            var response = requests.listVolumesCmd().withDanglingFilter(true).withFilter("label", labels).exec();
            Map<String, String> unused = new java.util.LinkedHashMap<>();
            if (response.getVolumes() != null) {
                response.getVolumes().forEach(v -> unused.put(v.getName(),
                        v.getLabels() == null ? "" : v.getLabels().getOrDefault(labelKey, "")));
            }
            return unused;
        });
    }

    @Override
    public void removeVolume(String name) {
        call("remove volume " + name, () -> {
            try {
                requests.removeVolumeCmd(name).exec();
            } catch (NotFoundException alreadyGone) {
                // Gone is the outcome the caller wanted.
            }
            return null;
        });
    }

    @Override
    public dev.gantry.docker.ImageInventory images() {
        return call("list images", () -> {
            List<dev.gantry.docker.ImageInventory.Image> images = requests.listImagesCmd().exec().stream()
                    .map(i -> new dev.gantry.docker.ImageInventory.Image(i.getId(),
                            i.getRepoTags() == null ? List.of() : List.of(i.getRepoTags()),
                            i.getRepoDigests() == null ? List.of() : List.of(i.getRepoDigests())))
                    .toList();
            java.util.Set<String> inUse = requests.listContainersCmd().withShowAll(true).exec().stream()
                    .map(com.github.dockerjava.api.model.Container::getImageId)
                    .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
            return new dev.gantry.docker.ImageInventory(images, inUse);
        });
    }

    @Override
    public void removeImageTag(String reference) {
        call("remove image " + reference, () -> {
            try {
                requests.removeImageCmd(reference).withForce(false).withNoPrune(false).exec();
            } catch (NotFoundException alreadyGone) {
                // Gone is the outcome the caller wanted.
            }
            return null;
        });
    }

    @Override
    public void logs(ContainerRef container, LogRequest request, OutputStream out) {
        DockerClient client = request.follow() ? clients.follows() : requests;
        LogContainerCmd cmd = client.logContainerCmd(container.idOrName()).withStdOut(true).withStdErr(true)
                .withFollowStream(request.follow()).withTimestamps(request.timestamps());
        if (request.tail() != null) {
            cmd.withTail(request.tail());
        }
        if (request.since() != null) {
            cmd.withSince((int) request.since().getEpochSecond());
        }
        Duration longest = request.maxDuration() != null ? request.maxDuration() : settings.logFollowMaxDuration();
        call("logs " + container.idOrName(), () -> {
            CopyFrames frames = cmd.exec(new CopyFrames(out));
            try {
                boolean ended = request.follow()
                        ? frames.awaitCompletion(longest.toMillis(), TimeUnit.MILLISECONDS)
                        : frames.awaitCompletion(RESPONSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    frames.close();
                    throw new DockerHostException(DockerHostException.Kind.REFUSED, request.follow()
                            ? "followed for the longest allowed (" + longest.toSeconds() + " s); ask again with since"
                            : "the engine did not finish sending the logs within " + RESPONSE_WAIT.toSeconds() + " s; use tail or since", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(frames);
                throw new IllegalStateException("interrupted while reading logs", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            frames.throwIfEngineFailed();
            return null;
        });
    }

    @Override
    public void close() {
        clients.all().forEach(DockerJavaHost::closeQuietly);
        images.close();
    }

    @Override
    public String toString() {
        return "DockerJavaHost[" + endpoint + "]";
    }

    static <T> T call(String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException failure) {
            throw EngineErrors.classify(action, failure);
        }
    }

    /** A value alone ("key") matches any container carrying the key, as Docker's own filter does. */
    static List<String> labelFilters(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .toList();
    }

    static String normaliseArchitecture(String architecture) {
        if (architecture == null) {
            return null;
        }
        return switch (architecture) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> architecture;
        };
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing a pool of idle connections (or a stream being dropped); nothing useful to do if that fails.
        }
    }

    /**
     * Copies frames to the reader. A write that fails means the reader went away: the engine's stream is closed at
     * once, which frees its connection, and the call returns normally (there is nobody left to tell).
     */
    private static final class CopyFrames extends ResultCallback.Adapter<Frame> {
        private final OutputStream out;
        private volatile boolean readerGone;
        private volatile Throwable engineFailure;

        CopyFrames(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onNext(Frame frame) {
            if (readerGone) {
                return;
            }
            try {
                out.write(frame.getPayload());
                out.flush();
            } catch (IOException e) {
                readerGone = true;
                closeQuietly(this);
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (!readerGone) {
                engineFailure = failure;
            }
            closeQuietly(this);
        }

        void throwIfEngineFailed() {
            if (engineFailure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (engineFailure != null) {
                throw new UncheckedIOException(new IOException(engineFailure));
            }
        }
    }
}
