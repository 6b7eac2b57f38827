package dev.gantry.reconcile;

import dev.gantry.docker.ContainerSpec;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Loop settings.
 *
 * @param resyncInterval          every host is re-listed at least this often, events or not
 * @param containerRemovalDelay   exited containers of STOPPED tasks stay on the host this long (for logs)
 * @param taskRetention           STOPPED tasks stay describable this long (ECS keeps them about 1 hour)
 * @param defaultStopTimeout      SIGTERM→SIGKILL grace when the container definition sets none
 * @param defaultStartTimeout     how long a dependsOn condition may take when startTimeout is not set
 * @param unknownContainerGrace a container of this installation whose task the database does not know is removed
 *                              only after this long since this replica first saw it (with an event at first sight)
 * @param imagePull               DEFAULT pulls when missing, ALWAYS pulls every start, PREFER_CACHED never pulls a present image
 */
@ConfigurationProperties("gantry.reconcile")
public record ReconcilerProperties(
        @DefaultValue("10s") Duration resyncInterval,
        @DefaultValue("60s") Duration containerRemovalDelay,
        @DefaultValue("24h") Duration taskRetention,
        @DefaultValue("30s") Duration defaultStopTimeout,
        @DefaultValue("180s") Duration defaultStartTimeout,
        @DefaultValue("DEFAULT") ContainerSpec.ImagePullPolicy imagePull,
        @DefaultValue("5m") Duration unknownContainerGrace) {
}
