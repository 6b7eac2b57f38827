package dev.gantry.reconcile;

import dev.gantry.instance.InstanceRetention;
import dev.gantry.service.ServiceRetention;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prunes history on a timer, as {@link TaskReaper} does for STOPPED tasks: service events beyond the newest N
 * or older than an age, INACTIVE services and deregistered instances past their retention. Every replica may
 * run it; the deletes are idempotent, and INACTIVE services are claimed with SKIP LOCKED.
 */
@Component
class RetentionJobs {

    private static final Logger log = LoggerFactory.getLogger(RetentionJobs.class);
    /** A pass stops after this many batches per table, so a backlog drains over a few passes without a long pass. */
    private static final int MAX_BATCHES = 20;

    private final ServiceRetention services;
    private final InstanceRetention instances;
    private final RetentionProperties properties;
    private final OffSchedulerJob job;

    RetentionJobs(ServiceRetention services, InstanceRetention instances, RetentionProperties properties,
            LoopHealth loops, @org.springframework.beans.factory.annotation.Value("${gantry.retention.interval:5m}")
            java.time.Duration interval) {
        this.job = new OffSchedulerJob("retention", interval, loops);
        this.services = services;
        this.instances = instances;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${gantry.retention.interval:5m}", initialDelayString = "${gantry.retention.interval:5m}")
    void prune() {
        job.trigger(() -> {
            try {
                pruneOnce();
            } catch (RuntimeException e) {
                // the next pass tries again (a database fault, a statement timeout on a large backlog)
                log.warn("Retention pass failed: {}", e.toString());
            }
        });
    }

    @jakarta.annotation.PreDestroy
    void close() {
        job.close();
    }

    /** One pass over every table; returns the rows deleted. */
    int pruneOnce() {
        int batch = properties.batch();
        int deleted = drain("service events beyond the newest " + properties.serviceEventsPerService(),
                () -> services.pruneEventsBeyond(properties.serviceEventsPerService(), batch), batch);
        deleted += drain("service events older than " + properties.serviceEventAge(),
                () -> services.pruneEventsOlderThan(properties.serviceEventAge(), batch), batch);
        deleted += drain("INACTIVE services older than " + properties.inactiveServices(),
                () -> services.purgeInactiveServices(properties.inactiveServices(), batch), batch);
        deleted += drain("deregistered instances older than " + properties.deregisteredInstances(),
                () -> instances.purgeDeregistered(properties.deregisteredInstances(), batch), batch);
        return deleted;
    }

    private static int drain(String what, IntSupplier oneBatch, int batch) {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = oneBatch.getAsInt();
            total += deleted;
            if (deleted < batch) {
                break;
            }
        }
        if (total > 0) {
            log.info("Removed {} {}", total, what);
        }
        return total;
    }
}
