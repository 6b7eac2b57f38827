package dev.gantry.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that makes secrets (keys, IVs, passwords, tokens) and may therefore hold a
 * {@link java.security.SecureRandom} of its own: the only exception to "every random draw comes from
 * {@link Randomness}" ({@code RandomnessArchitectureTest}). A secret must never come from an injectable source, which
 * a test replaces by a seeded one; nothing a decision or a replayed scenario depends on may come from here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CryptographicRandomness {

    /** What secret the class makes, e.g. "AES-GCM IVs and the key file's key". */
    String value();
}
