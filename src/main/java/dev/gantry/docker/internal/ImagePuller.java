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
import java.util.concurrent.TimeUnit;

/** Applies the pull policy and turns every pull failure into a prompt {@code IMAGE_PULL} error. */
final class ImagePuller {

    /** A pull that makes no progress in this long fails the launch rather than holding it forever. */
    static final Duration PULL_DEADLINE = Duration.ofMinutes(10);

    private final DockerClient client;

    ImagePuller(DockerClient client) {
        this.client = client;
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
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException missing) {
                return false;
            }
        });
    }

    private void pull(String image) {
        ImageName name = ImageName.parse(image);
        try {
            var cmd = client.pullImageCmd(name.repository());
            if (name.tag() != null) {
                cmd.withTag(name.tag());
            }
            PullProgress progress = cmd.exec(new PullProgress());
            if (!progress.awaitCompletion(PULL_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                progress.close();
                throw new DockerHostException(Kind.IMAGE_PULL,
                        "CannotPullContainerError: pull of " + image + " did not finish within " + PULL_DEADLINE, null);
            }
            progress.throwIfFailed();
        } catch (java.io.IOException e) {
            throw new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: interrupted", e);
        } catch (DockerHostException e) {
            throw e;
        } catch (RuntimeException failure) {
            throw EngineErrors.pullFailure(image, failure);
        }
    }

    /**
     * Collects the outcome of a pull. docker-java's own callback logs every failure at ERROR level; a
     * failed pull is an ordinary task failure here, reported once by the caller.
     */
    private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
        private volatile RuntimeException failure;

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
