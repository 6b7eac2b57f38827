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
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerEvent;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.HostInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link DockerHost} over docker-java. It holds two clients to the same engine: {@code requests} with a
 * 30 s response timeout for ordinary calls, and {@code streams} without one for the event stream, followed
 * logs and stops whose grace period is longer than that timeout.
 */
public final class DockerJavaHost implements DockerHost {

    private final DockerEndpoint endpoint;
    private final DockerClient requests;
    private final DockerClient streams;
    private final ImagePuller images;

    DockerJavaHost(DockerEndpoint endpoint, DockerClient requests, DockerClient streams) {
        this.endpoint = endpoint;
        this.requests = requests;
        this.streams = streams;
        this.images = new ImagePuller(requests);
    }

    @Override
    public HostInfo describe() {
        return call("describe " + endpoint, () -> {
            Info info = requests.infoCmd().exec();
            Version version = requests.versionCmd().exec();
            return new HostInfo(info.getId(), info.getName(), info.getNCPU() == null ? 0 : info.getNCPU(),
                    info.getMemTotal() == null ? 0 : info.getMemTotal(), info.getOsType(),
                    normaliseArchitecture(info.getArchitecture()), version.getVersion(), version.getApiVersion());
        });
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
        DockerClient client = seconds < DockerJavaHostFactory.RESPONSE_TIMEOUT.toSeconds() - 5 ? requests : streams;
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
        return call("events " + endpoint, () -> ContainerEventStream.open(streams, sink, onError));
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

    @Override
    public Map<String, String> unusedVolumes(String labelKey) {
        return call("list volumes " + labelKey, () -> {
            var response = requests.listVolumesCmd().withDanglingFilter(true)
                    .withFilter("label", List.of(labelKey)).exec();
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
        DockerClient client = request.follow() ? streams : requests;
        LogContainerCmd cmd = client.logContainerCmd(container.idOrName()).withStdOut(true).withStdErr(true)
                .withFollowStream(request.follow()).withTimestamps(request.timestamps());
        if (request.tail() != null) {
            cmd.withTail(request.tail());
        }
        if (request.since() != null) {
            cmd.withSince((int) request.since().getEpochSecond());
        }
        call("logs " + container.idOrName(), () -> {
            try {
                cmd.exec(new CopyFrames(out)).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading logs", e);
            }
            return null;
        });
    }

    @Override
    public void close() {
        closeQuietly(requests);
        closeQuietly(streams);
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

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing a pool of idle connections; nothing useful to do if that fails.
        }
    }

    private static final class CopyFrames extends ResultCallback.Adapter<Frame> {
        private final OutputStream out;

        CopyFrames(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onNext(Frame frame) {
            try {
                out.write(frame.getPayload());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("log sink failed", e);
            }
        }
    }
}
