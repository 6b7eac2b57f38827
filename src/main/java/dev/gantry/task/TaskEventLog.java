package dev.gantry.task;

import dev.gantry.cluster.ClusterDirectory;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final JdbcClient jdbc;
    private final Arns arns;
    /** A service's name never changes. */
    private final Map<Long, String> serviceNames = new ConcurrentHashMap<>();

    TaskEventLog(ClusterDirectory clusters, JdbcClient jdbc, GantryProperties properties) {
        this.clusters = clusters;
        this.jdbc = jdbc;
        this.arns = properties.arns();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStarted(TaskTransitions.TaskStarted event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String cluster = clusters.nameOf(event.clusterId());
        var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("taskArn", arns.task(cluster, event.taskId().trim()));
        String service = serviceName(event.serviceId());
        if (service != null) {
            line = line.addKeyValue("service", service).addKeyValue("serviceArn", arns.service(cluster, service));
        }
        line.log("Task {} is RUNNING", event.taskId().trim());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTaskStopped(TaskTransitions.TaskStopped event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String cluster = clusters.nameOf(event.clusterId());
        var line = log.atInfo().addKeyValue("cluster", cluster).addKeyValue("taskArn", arns.task(cluster, event.taskId().trim()))
                .addKeyValue("stopCode", event.stopCode());
        String service = serviceName(event.serviceId());
        if (service != null) {
            line = line.addKeyValue("service", service).addKeyValue("serviceArn", arns.service(cluster, service));
        }
        line.log("Task {} is STOPPED ({})", event.taskId().trim(), event.stopCode());
    }

    private String serviceName(Long serviceId) {
        if (serviceId == null) {
            return null;
        }
        String cached = serviceNames.get(serviceId);
        if (cached != null) {
            return cached;
        }
        try {
            String name = jdbc.sql("SELECT name FROM service WHERE id = :id").param("id", serviceId).query(String.class)
                    .optional().orElse(null);
            if (name != null) {
                serviceNames.put(serviceId, name);
            }
            return name;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
