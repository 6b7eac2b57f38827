package dev.gantry.shared;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module that stores values sealed with the {@link SecretBox}: it offers one of them, so the key can be proved on
 * an installation from before the key check existed, and it re-seals its own rows under the current key after a key
 * rotation ({@link #reseal}). The security module offers its access key secrets, the instance module its TLS client
 * keys; nothing in this module reads or writes another module's table.
 */
public interface SealedSecrets {

    /** One stored value by its row's id (an identifier, never secret). */
    record Stored(String id, String sealed) {
        @Override
        public String toString() {
            return "Stored[" + id + "]";
        }
    }

    /** What a re-seal pass did: values rewritten under the current key, and values no configured key opens. */
    record Resealed(int resealed, int unopenable) {
        public Resealed plus(Resealed other) {
            return new Resealed(resealed + other.resealed, unopenable + other.unopenable);
        }
    }

    /** Any one sealed value this module stores; empty when it stores none. */
    Optional<String> anySealed();

    /** What the values are, for the logs ("access key secrets"). */
    String what();

    /**
     * Up to {@code limit} stored values whose id is after {@code afterId}, by id, that do not start with
     * {@code prefix} (those are sealed under the current key already).
     */
    List<Stored> notStartingWith(String prefix, String afterId, int limit);

    /** Replaces a value only if it is still {@code expected} (another replica may have re-sealed it meanwhile). */
    boolean replace(String id, String expected, String resealed);

    /**
     * Rewrites every stored value not sealed under the box's current key, in batches of {@code batch} by id. Each
     * row is one compare-and-set, so the pass is idempotent and several replicas may run it at once; a value no
     * configured key opens is counted and left as it is. Logs counts and row ids, never values.
     */
    default Resealed reseal(SecretBox box, int batch) {
        Logger log = LoggerFactory.getLogger(SealedSecrets.class);
        int resealed = 0;
        int unopenable = 0;
        String after = "";
        List<Stored> page;
        do {
            page = notStartingWith(box.currentKeyPrefix(), after, batch);
            for (Stored stored : page) {
                after = stored.id();
                Optional<String> under;
                try {
                    under = box.resealed(stored.sealed());
                } catch (RuntimeException e) {
                    unopenable++;
                    log.warn("{}: the value of {} cannot be opened by any configured encryption key ({}); left as it is",
                            what(), stored.id(), e.getMessage());
                    continue;
                }
                if (under.isPresent() && replace(stored.id(), stored.sealed(), under.get())) {
                    resealed++;
                }
            }
        } while (page.size() == batch);
        if (resealed > 0 || unopenable > 0) {
            log.info("Re-sealed {} {} under encryption key id {}; {} could not be opened", resealed, what(),
                    box.currentKeyId(), unopenable);
        }
        return new Resealed(resealed, unopenable);
    }
}
