package dev.gantry.docker.internal;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns whatever docker-java throws into a {@link DockerHostException} whose kind callers can branch on. */
final class EngineErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EngineErrors() {
    }

    static DockerHostException classify(String action, RuntimeException failure) {
        if (failure instanceof DockerHostException known) {
            return known;
        }
        if (isConnectionProblem(failure)) {
            return new DockerHostException(Kind.UNREACHABLE, action + ": engine unreachable: " + rootMessage(failure),
                    failure);
        }
        if (failure instanceof NotFoundException) {
            return new DockerHostException(Kind.NOT_FOUND, action + ": " + engineMessage(failure), failure);
        }
        if (failure instanceof ConflictException) {
            return new DockerHostException(Kind.CONFLICT, action + ": " + engineMessage(failure), failure);
        }
        return new DockerHostException(Kind.REFUSED, action + ": " + engineMessage(failure), failure);
    }

    /**
     * A pull failure is the task's problem (bad image, no registry, a registry that does not answer), unless the
     * engine itself is gone: a connection problem counts as the engine's only when it does not answer a ping either.
     */
    static DockerHostException pullFailure(String image, Exception failure, BooleanSupplier engineAnswers) {
        if (isConnectionProblem(failure) && !engineAnswers.getAsBoolean()) {
            return new DockerHostException(Kind.UNREACHABLE, "pull " + image + ": engine unreachable: " + rootMessage(failure),
                    failure);
        }
        return new DockerHostException(Kind.IMAGE_PULL, "CannotPullContainerError: " + pullMessage(image, failure), failure);
    }

    private static String pullMessage(String image, Exception failure) {
        if (!isConnectionProblem(failure)) {
            return engineMessage(failure);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return "pull of " + image + " made no progress within gantry.docker.pull-inactivity-timeout: "
                        + "the registry does not answer or is too slow";
            }
        }
        return "pull of " + image + " failed: " + rootMessage(failure);
    }

    /**
     * The engine's own words: docker-java wraps the engine's error body as {@code Status 500: {"message":"..."}};
     * anything else (no body, not JSON, no message) is the failure's text as it is.
     */
    static String engineMessage(Throwable failure) {
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        int body = text.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode message = JSON.readTree(text.substring(body)).path("message");
                if (message.isString()) {
                    return message.asString().replace('\n', ' ').trim();
                }
            } catch (JacksonException notJson) {
                // the text merely contains a brace
            }
        }
        return text.trim();
    }

    static boolean isConnectionProblem(Throwable failure) {
        if (failure instanceof DockerException) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
