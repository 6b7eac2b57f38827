package dev.gantry.task;

import dev.gantry.shared.ServiceId;
import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Logs every task start and stop with the cluster, service and task ARN as key-value fields
 * (JSON fields with structured logging on). Stopped reasons are ours, never container output.
 */
@Component
class TaskEventLog {

    private static final Logger log = LoggerFactory.getLogger(TaskEventLog.class);

    private final ClusterDirectory clusters;
    private final ServiceNames serviceNames;
    private final Arns arns;

    TaskEventLog(ClusterDirectory clusters, ServiceNames serviceNames, GantryProperties properties) {
        this.clusters = clusters;
        this.serviceNames = serviceNames;
        this.arns = properties.arns();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStarted(TaskTransitions.TaskStarted event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String cluster = clusters.nameOf(event.clusterId().value());
        var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("taskArn", arns.task(cluster, event.taskId().value()));
        String service = serviceName(event.serviceId());
        if (service != null) {
            line = line.addKeyValue("service", service).addKeyValue("serviceArn", arns.service(cluster, service));
        }
        line.log("Task {} is RUNNING", event.taskId().value());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStopped(TaskTransitions.TaskStopped event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String cluster = clusters.nameOf(event.clusterId().value());
        var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("taskArn", arns.task(cluster, event.taskId().value()))
                .addKeyValue("stopCode", event.stopCode());
        String service = serviceName(event.serviceId());
        if (service != null) {
            line = line.addKeyValue("service", service).addKeyValue("serviceArn", arns.service(cluster, service));
        }
        line.log("Task {} is STOPPED ({})", event.taskId().value(), event.stopCode());
    }

    private String serviceName(ServiceId serviceId) {
        try {
            return serviceNames.of(serviceId).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
