package dev.gantry.reconcile;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the host cleanup removes from the Docker hosts of the clusters this replica leads.
 *
 * @param interval            one cycle per host this often (ECS_IMAGE_CLEANUP_INTERVAL, 30 min)
 * @param taskVolumes         remove a task-scoped volume once no container uses it and its task is STOPPED
 * @param images              remove unused images (off by default, as many operators manage images themselves)
 * @param imageMinimumAge     an image stays this long after the last task using it stopped (ECS_IMAGE_MINIMUM_CLEANUP_AGE)
 * @param imagesPerCycle      at most this many image tags per host per cycle (ECS_NUM_IMAGES_DELETE_PER_CYCLE)
 * @param imageExclude        references never removed (ECS_EXCLUDE_UNTRACKED_IMAGE's list)
 */
@ConfigurationProperties("gantry.host-cleanup")
public record HostCleanupProperties(
        @DefaultValue("30m") Duration interval,
        @DefaultValue("true") boolean taskVolumes,
        @DefaultValue("false") boolean images,
        @DefaultValue("1h") Duration imageMinimumAge,
        @DefaultValue("5") int imagesPerCycle,
        @DefaultValue List<String> imageExclude) {
}
