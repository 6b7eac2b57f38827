package dev.gantry.security;

import java.util.Optional;

/**
 * What authentication asks of the key store: the key of an id if it authenticates now. {@link AccessKeys} answers
 * from the database on every call; web slice tests answer with the tests' key alone.
 */
public interface ActiveKeys {

    /** The key if it exists, is not revoked and not expired, with its secret opened; empty otherwise. */
    Optional<ActiveKey> active(String accessKeyId);

    /** Notes that a request authenticated with the key. */
    default void used(String accessKeyId) {
    }
}
