package dev.gantry.reconcile;

import dev.gantry.shared.SealedSecrets;
import dev.gantry.shared.SecretBox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes an encryption key rotation: while previous keys are configured ({@code gantry.encryption-previous-keys}),
 * every module that stores sealed values re-seals those not under the current key ({@link SealedSecrets#reseal}),
 * at start and then every {@code gantry.encryption-reseal-interval} (values sealed meanwhile by a replica still on
 * the old configuration are caught by the next pass). Every replica may run it, as the retention jobs do: each row
 * is a compare-and-set on its old value, so passes of several replicas at once rewrite each value at most once and
 * never lose one. Without previous keys there is nothing to re-seal and the job does not run.
 */
@Component
class KeyRotationJob {

    private static final Logger log = LoggerFactory.getLogger(KeyRotationJob.class);
    private final SecretBox box;
    private final ObjectProvider<SealedSecrets> owners;
    private final OffSchedulerJob job;
    private final int batch;
    private final AtomicBoolean reportedDone = new AtomicBoolean();

    KeyRotationJob(SecretBox box, ObjectProvider<SealedSecrets> owners, LoopHealth loops,
            @Value("${gantry.encryption-reseal-interval:10m}") Duration interval,
            @Value("${gantry.encryption-reseal-batch:100}") int batch) {
        this.box = box;
        this.batch = batch;
        this.owners = owners;
        this.job = box.hasPreviousKeys() ? new OffSchedulerJob("encryption-reseal", interval, loops) : null;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        trigger();
    }

    @Scheduled(fixedDelayString = "${gantry.encryption-reseal-interval:10m}",
            initialDelayString = "${gantry.encryption-reseal-interval:10m}")
    void trigger() {
        if (job == null) {
            return;
        }
        job.trigger(() -> {
            try {
                resealOnce();
            } catch (RuntimeException e) {
                // a database fault: the next pass tries again, and every value stays readable meanwhile
                log.warn("Re-sealing under the current encryption key failed: {}", e.toString());
            }
        });
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (job != null) {
            job.close();
        }
    }

    /** One pass over every module's sealed values. */
    SealedSecrets.Resealed resealOnce() {
        List<SealedSecrets> all = owners.orderedStream().toList();
        SealedSecrets.Resealed total = new SealedSecrets.Resealed(0, 0);
        for (SealedSecrets owner : all) {
            total = total.plus(owner.reseal(box, batch));
        }
        if (total.unopenable() > 0) {
            log.warn("{} stored secrets open with no configured encryption key (see the warnings above); the "
                    + "previous keys ({}) are not what they were sealed with", total.unopenable(),
                    String.join(", ", box.previousKeyIds()));
        } else if (reportedDone.compareAndSet(false, true)) {
            log.info("Every stored secret is sealed under the current encryption key (id {}) or opens with it: the "
                    + "previous keys ({}) can be removed from gantry.encryption-previous-keys once every replica "
                    + "runs with this key as current", box.currentKeyId(), String.join(", ", box.previousKeyIds()));
        }
        return total;
    }
}
