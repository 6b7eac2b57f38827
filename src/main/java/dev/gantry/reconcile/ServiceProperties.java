package dev.gantry.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service scheduler settings.
 *
 * @param settleTime          a RUNNING task without a health check counts as healthy after this (ECS: 40 s)
 * @param throttleBase        first back-off after a task fails to start; doubles per consecutive failure
 * @param throttleCap         longest back-off (ECS: 15 minutes)
 * @param breakerMin          circuit-breaker threshold floor (ECS API reference: 3)
 * @param breakerMax          circuit-breaker threshold ceiling (ECS: 200)
 * @param resyncInterval      every service is reconciled at least this often
 */
@ConfigurationProperties("gantry.services")
public record ServiceProperties(
        @DefaultValue("40s") Duration settleTime,
        @DefaultValue("10s") Duration throttleBase,
        @DefaultValue("15m") Duration throttleCap,
        @DefaultValue("3") int breakerMin,
        @DefaultValue("200") int breakerMax,
        @DefaultValue("5s") Duration resyncInterval) {
}
