package dev.gantry.reconcile;

import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.InstanceDockerHosts;
import dev.gantry.task.TaskHostUse;
import dev.gantry.task.ContainerSpecs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the hosts from filling up: the task-scoped Docker volumes of finished tasks, and (when enabled) images
 * no task has used for a while ({@link ImageCleanupPolicy}). Only on the hosts of the clusters this replica
 * leads, one host at a time; a host that does not answer is skipped until the next cycle.
 */
@Component
class HostCleanup {

    private static final Logger log = LoggerFactory.getLogger(HostCleanup.class);

    private final ClusterLeadership leadership;
    private final ContainerInstanceRepository instances;
    private final InstanceDockerHosts hosts;
    private final TaskHostUse tasks;
    private final HostCleanupProperties properties;
    private final Installation installation;
    private final LeaseFence fence;
    private final OffSchedulerJob job;

    HostCleanup(ClusterLeadership leadership, ContainerInstanceRepository instances, InstanceDockerHosts hosts,
            TaskHostUse tasks, HostCleanupProperties properties, Installation installation, LeaseFence fence,
            LoopHealth loops) {
        this.installation = installation;
        this.fence = fence;
        this.job = new OffSchedulerJob("host-cleanup", properties.interval(), loops);
        this.leadership = leadership;
        this.instances = instances;
        this.hosts = hosts;
        this.tasks = tasks;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${gantry.host-cleanup.interval:30m}", initialDelayString = "${gantry.host-cleanup.interval:30m}")
    void cycle() {
        job.trigger(this::cycleNow);
    }

    @jakarta.annotation.PreDestroy
    void close() {
        job.close();
    }

    /**
     * Hosts one at a time, each only while this replica still holds the cluster's lease at the epoch it started with
     * (a cycle over many hosts can outlast a lease); hosts that do not answer are skipped, not waited for.
     */
    void cycleNow() {
        for (Long cluster : leadership.currentlyLed()) {
            var authority = fence.current(cluster);
            if (authority.isEmpty()) {
                continue;
            }
            for (ContainerInstance instance : instances.listByCluster(cluster, List.of(ContainerInstance.Status.ACTIVE, ContainerInstance.Status.DRAINING))) {
                if (!fence.holds(authority.get())) {
                    break;
                }
                if (!instance.agentConnected()) {
                    continue;
                }
                try {
                    cleanHost(instance.id());
                } catch (RuntimeException e) {
                    // one host's failure must not end the cycle (or the schedule) for the others
                    log.debug("Host cleanup of {} deferred: {}", instance.id(), e.toString());
                }
            }
        }
    }

    /** One host's cycle; returns what it removed (volume names and image tags). */
    List<String> cleanHost(String instanceId) {
        DockerHost host = hosts.forInstance(instanceId);
        List<String> removed = new java.util.ArrayList<>();
        if (properties.taskVolumes()) {
            // only this installation's: another one's task ids are unknown here, and so never "live" (item 7)
            Map<String, String> unused = host.unusedVolumes(ContainerSpecs.LABEL_TASK_VOLUME,
                    Map.of(ContainerSpecs.LABEL_INSTALLATION, installation.id()));
            Set<String> live = tasks.live(Set.copyOf(unused.values()));
            unused.forEach((volume, taskId) -> {
                // no container uses it, so its task's containers are gone; a live task may still be retrying
                if (!live.contains(taskId) && remove(() -> host.removeVolume(volume), volume)) {
                    removed.add(volume);
                }
            });
        }
        if (properties.images()) {
            List<String> tags = ImageCleanupPolicy.select(host.images(),
                    tasks.imagesOf(instanceId, properties.imageMinimumAge()), Set.copyOf(properties.imageExclude()),
                    properties.imagesPerCycle());
            for (String tag : tags) {
                if (remove(() -> host.removeImageTag(tag), tag)) {
                    removed.add(tag);
                }
            }
        }
        if (!removed.isEmpty()) {
            log.info("Host {}: removed {}", instanceId, removed);
        }
        return removed;
    }

    private static boolean remove(Runnable removal, String what) {
        try {
            removal.run();
            return true;
        } catch (DockerHostException e) {
            // in use again (a container was created meanwhile) or the engine is busy: the next cycle decides anew
            log.debug("Not removed {}: {}", what, e.toString());
            return false;
        }
    }
}
