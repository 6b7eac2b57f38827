package dev.gantry.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gantry.docker.ContainerSpec.ImagePullPolicy;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Applies the pull policy and turns every pull failure into a prompt {@code IMAGE_PULL} error: the task then
 * stops with TaskFailedToStart and {@code CannotPullContainerError: ...}, as on ECS. A pull runs on its own
 * connection pool without a response timeout (a big layer may be silent for minutes) and is bounded by its own
 * deadline instead. A pull that fails for a connection reason (timeout, reset) is still the image's problem when
 * the engine answers a ping on its liveness pool: only an engine that does not answer makes the pull
 * {@code UNREACHABLE}, which the launcher retries.
 */
final class ImagePuller {

    /**
     * Pulls abandoned before the engine answered at all. Their requests cannot be cut one by one (docker-java hands
     * out no handle before the response, and its unix sockets ignore read timeouts), so each holds a connection until
     * the engine answers. When this many are abandoned, the pull client is replaced and the old one closed, which
     * closes their connections (and fails any other pull still running on it, as a pull failure).
     */
    static final int ABANDONED_LIMIT = 10;

    private final DockerClient requests;
    private final Supplier<DockerClient> openPulls;
    private volatile DockerClient pulls;
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Duration deadline;
    private final BooleanSupplier engineAnswers;
    /**
     * One place per connection of the pull pool: a pull waits here, within its deadline, rather than inside the HTTP
     * client, whose wait for a connection nothing can cut short.
     */
    private final Semaphore places = new Semaphore(DockerJavaHostFactory.PULL_CONNECTIONS);

    ImagePuller(DockerClient requests, Supplier<DockerClient> openPulls, Duration deadline, BooleanSupplier engineAnswers) {
        this.requests = requests;
        this.openPulls = openPulls;
        this.pulls = openPulls.get();
        this.deadline = deadline;
        this.engineAnswers = engineAnswers;
    }

    void ensurePresent(String image, ImagePullPolicy policy) {
        boolean pull = switch (policy == null ? ImagePullPolicy.DEFAULT : policy) {
            case ALWAYS -> true;
            case DEFAULT, PREFER_CACHED -> !isPresent(image);
        };
        if (pull) {
            pull(image);
        }
    }

    boolean isPresent(String image) {
        return DockerJavaHost.call("inspect image " + image, () -> {
            try {
                requests.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException missing) {
                return false;
            }
        });
    }

    private void pull(String image) {
        long started = System.nanoTime();
        try {
            if (!places.tryAcquire(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DockerHostException(Kind.IMAGE_PULL, timedOut(image, deadline), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: interrupted", e);
        }
        try {
            pullWithin(image, deadline.minusNanos(System.nanoTime() - started));
        } finally {
            places.release();
        }
    }

    private void pullWithin(String image, Duration left) {
        ImageName name = ImageName.parse(image);
        PullProgress progress;
        try {
            var cmd = pulls.pullImageCmd(name.repository());
            if (name.tag() != null) {
                cmd.withTag(name.tag());
            }
            progress = cmd.exec(new PullProgress());
            if (!progress.awaitCompletion(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS)) {
                progress.close();
                if (!progress.answered) {
                    abandonedOne();
                }
                throw new DockerHostException(Kind.IMAGE_PULL, timedOut(image, deadline), null);
            }
            progress.throwIfFailed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: interrupted", e);
        } catch (DockerHostException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException failure) {
            throw EngineErrors.pullFailure(image, failure, engineAnswers);
        }
    }

    private void abandonedOne() {
        if (abandoned.incrementAndGet() < ABANDONED_LIMIT) {
            return;
        }
        DockerClient old;
        synchronized (this) {
            if (abandoned.get() < ABANDONED_LIMIT) {
                return;
            }
            abandoned.set(0);
            old = pulls;
            pulls = openPulls.get();
        }
        try {
            old.close();
        } catch (java.io.IOException ignored) {
            // its connections are being dropped, which is the point
        }
    }

    /** Closes the current pull client (the host is being closed). */
    void close() {
        try {
            pulls.close();
        } catch (java.io.IOException ignored) {
            // idle connections
        }
    }

    static String timedOut(String image, Duration deadline) {
        return "CannotPullContainerError: pull of " + image + " did not finish within " + deadline.toSeconds()
                + " s (gantry.docker.pull-timeout): the registry does not answer or is too slow";
    }

    /**
     * Collects the outcome of a pull. docker-java's own callback logs every failure at ERROR level; a
     * failed pull is an ordinary task failure here, reported once by the caller.
     */
    private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
        private volatile RuntimeException failure;
        /** The engine answered (sent its response headers); before that, closing this callback cannot cut the request. */
        private volatile boolean answered;

        @Override
        public void onStart(java.io.Closeable stream) {
            answered = true;
            super.onStart(stream);
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                String message = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                failure = new DockerClientException(message);
            }
        }

        @Override
        public void onError(Throwable error) {
            failure = error instanceof RuntimeException runtime ? runtime : new DockerClientException(error.getMessage(), error);
            try {
                close();
            } catch (java.io.IOException ignored) {
                // The pull has failed already; closing its stream is best effort.
            }
        }

        void throwIfFailed() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Repository plus tag; a digest reference keeps its digest in the repository part. */
    record ImageName(String repository, String tag) {

        static ImageName parse(String image) {
            if (image.contains("@")) {
                return new ImageName(image, null);
            }
            int lastSlash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > lastSlash) {
                return new ImageName(image.substring(0, colon), image.substring(colon + 1));
            }
            // Without a tag the engine would pull every tag of the repository.
            return new ImageName(image, "latest");
        }
    }
}
