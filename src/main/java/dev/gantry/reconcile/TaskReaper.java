package dev.gantry.reconcile;

import dev.gantry.task.TaskRepository;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes STOPPED tasks once they are older than the retention (default 24 h, far beyond ECS's hour), then the
 * DELETE_IN_PROGRESS task definition revisions those tasks were the last to refer to.
 */
@Component
class TaskReaper {

    private static final Logger log = LoggerFactory.getLogger(TaskReaper.class);

    private final TaskRepository tasks;
    private final ReconcilerProperties properties;
    private final LoopHealth loops;
    private final DatabaseClock clock;
    private final TaskDefinitionManagement taskDefinitions;

    TaskReaper(TaskRepository tasks, ReconcilerProperties properties, LoopHealth loops, DatabaseClock clock,
            TaskDefinitionManagement taskDefinitions, @Value("${gantry.reconcile.reap-interval:5m}") Duration interval) {
        this.clock = clock;
        this.tasks = tasks;
        this.properties = properties;
        this.loops = loops;
        this.taskDefinitions = taskDefinitions;
        // the first pass comes one interval after start: until then the loop is not late
        loops.register("task-reaper", interval.multipliedBy(2));
    }

    @Scheduled(fixedDelayString = "${gantry.reconcile.reap-interval:5m}", initialDelayString = "${gantry.reconcile.reap-interval:5m}")
    void supervisedReap() {
        loops.pass("task-reaper", this::reap);
    }

    void reap() {
        int removed = tasks.deleteStoppedBefore(clock.now().minus(properties.taskRetention()));
        if (removed > 0) {
            log.info("Removed {} STOPPED tasks older than {}", removed, properties.taskRetention());
        }
        int purged = taskDefinitions.purgeDeleted();
        if (purged > 0) {
            log.info("Removed {} DELETE_IN_PROGRESS task definition revisions no task or service refers to", purged);
        }
    }
}
