package dev.gantry.docker;

/** A failed call to an engine, classified so callers can decide between retry, fail the task, or ignore. */
public class DockerHostException extends RuntimeException {

    public enum Kind {
        /** Connection refused, timed out, TLS failure: the host, not the request, is the problem. */
        UNREACHABLE,
        /** The image could not be pulled (no registry, unknown image). */
        IMAGE_PULL,
        /** The engine refused the request (bad command, invalid config, create/start error). */
        REFUSED,
        /** The container does not exist. */
        NOT_FOUND,
        /** A container with that name already exists. */
        CONFLICT
    }

    private final Kind kind;

    public DockerHostException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
