package dev.gantry.shared;

import java.util.Optional;

/**
 * A module that stores values sealed with the {@link SecretBox} offers one of them, so the key can be proved on an
 * installation from before the key check existed. The instance module offers a stored TLS client key; the key
 * check in this module reads no other module's table.
 */
public interface SealedSecrets {

    /** Any one sealed value this module stores; empty when it stores none. */
    Optional<String> anySealed();
}
