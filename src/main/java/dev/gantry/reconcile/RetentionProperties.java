package dev.gantry.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long history is kept (see docs/design/reliability/bounds.md). STOPPED tasks: {@code gantry.reconcile.task-retention}.
 *
 * @param serviceEventsPerService  newest events kept per service (ECS shows at most 100)
 * @param serviceEventAge          older events go even when fewer than that
 * @param inactiveServices         a deleted service stays describable (INACTIVE) this long (ECS: about an hour)
 * @param deregisteredInstances    a deregistered instance stays describable (INACTIVE) this long
 * @param batch                    rows deleted per statement; a pass repeats until less than this is deleted
 */
@ConfigurationProperties("gantry.retention")
public record RetentionProperties(
        @DefaultValue("100") int serviceEventsPerService,
        @DefaultValue("14d") Duration serviceEventAge,
        @DefaultValue("1h") Duration inactiveServices,
        @DefaultValue("1h") Duration deregisteredInstances,
        @DefaultValue("1000") int batch) {
}
