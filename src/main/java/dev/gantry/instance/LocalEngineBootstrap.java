package dev.gantry.instance;

import dev.gantry.api.ApiException;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.CreateClusterRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code gantry.bootstrap.register-local-engine=true} (docker-compose sets it), creates the
 * {@code gantry.bootstrap.cluster} cluster and registers the engine at
 * {@code gantry.bootstrap.docker-endpoint} as its container instance once the application is ready.
 * Idempotent across restarts and replicas (an engine already registered is left as it is); an
 * unreachable engine is logged and never fails startup.
 */
@Component
@ConditionalOnBooleanProperty(name = "gantry.bootstrap.register-local-engine")
class LocalEngineBootstrap {

    private static final Logger log = LoggerFactory.getLogger(LocalEngineBootstrap.class);

    private final ClusterManagement clusters;
    private final InstanceManagement instances;
    private final String cluster;
    private final String endpoint;

    LocalEngineBootstrap(ClusterManagement clusters, InstanceManagement instances,
            @Value("${gantry.bootstrap.cluster:default}") String cluster,
            @Value("${gantry.bootstrap.docker-endpoint:unix:///var/run/docker.sock}") String endpoint) {
        this.clusters = clusters;
        this.instances = instances;
        this.cluster = cluster;
        this.endpoint = endpoint;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerLocalEngine() {
        try {
            clusters.createCluster(new CreateClusterRequest(cluster, null, null));
            var registered = instances.registerContainerInstance(cluster,
                    new RegisterContainerInstanceRequest(endpoint, null, null, null));
            log.atInfo().addKeyValue("cluster", cluster).log("Registered the local Docker engine {} as {}", endpoint,
                    registered.containerInstanceArn());
        } catch (ApiException e) {
            if (e.status() == org.springframework.http.HttpStatus.CONFLICT) {
                log.info("The local Docker engine {} is already registered in a cluster", endpoint);
            } else {
                log.warn("Could not register the local Docker engine {} in cluster {}: {}", endpoint, cluster, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("Could not register the local Docker engine {} in cluster {}: {}", endpoint, cluster, e.toString());
        }
    }
}
