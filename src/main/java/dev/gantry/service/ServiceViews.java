package dev.gantry.service;

import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.task.TaskCounts;
import dev.gantry.task.TaskCounts.Counts;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Renders services in the ECS shape, with live task counts per deployment and the 100 newest events. */
@Component
class ServiceViews {

    private final ServiceRepository services;
    private final TaskDefinitionManagement definitions;
    private final TaskCounts taskCounts;
    private final Arns arns;

    ServiceViews(ServiceRepository services, TaskDefinitionManagement definitions, TaskCounts taskCounts,
            GantryProperties properties) {
        this.services = services;
        this.definitions = definitions;
        this.taskCounts = taskCounts;
        this.arns = properties.arns();
    }

    ServiceView view(ActiveCluster cluster, Service s) {
        Map<String, Counts> byDeployment = taskCounts.byDeployment(s.id());
        int running = byDeployment.values().stream().mapToInt(Counts::running).sum();
        int pending = byDeployment.values().stream().mapToInt(Counts::pending).sum();
        List<ServiceView.DeploymentView> deployments = deployments(s.id(), false, byDeployment);
        List<ServiceView.EventView> events = services.events(s.id(), ServiceRepository.EventPosition.NEWEST, 100).stream()
                .map(e -> new ServiceView.EventView(e.id().toString(), e.createdAt(), e.message())).toList();
        int desired = s.daemon() ? deployments.stream().filter(d -> d.status().equals("PRIMARY"))
                .mapToInt(ServiceView.DeploymentView::desiredCount).sum() : s.desiredCount();
        return new ServiceView(arns.service(cluster.name(), s.name()), s.name(), cluster.arn(), s.status().name(),
                desired, running, pending, "EXTERNAL", arn(s.taskDefinitionId()), s.deploymentConfiguration(), deployments,
                events, s.createdAt(), s.placementConstraints(), s.placementStrategy(), s.healthCheckGracePeriodSeconds(),
                s.schedulingStrategy().name(), new CreateServiceRequest.DeploymentController("ECS"),
                s.availabilityZoneRebalancing() ? "ENABLED" : "DISABLED", s.version(),
                services.tags(s.id(), false).orElse(List.of()));
    }

    /** The service's deployments, newest first, with live task counts; INACTIVE ones only when asked for. */
    List<ServiceView.DeploymentView> deployments(Service s, boolean includeInactive) {
        return deployments(s.id(), includeInactive, taskCounts.byDeployment(s.id()));
    }

    private List<ServiceView.DeploymentView> deployments(long serviceId, boolean includeInactive,
            Map<String, Counts> byDeployment) {
        return services.deployments(serviceId, includeInactive).stream().map(d -> {
            Counts c = byDeployment.getOrDefault(d.id(), Counts.NONE);
            return new ServiceView.DeploymentView(d.id(), d.status().name(), arn(d.taskDefinitionId()), d.desiredCount(),
                    c.pending(), c.running(), d.failedTasks(), d.createdAt(), d.updatedAt(), "EXTERNAL",
                    d.rolloutState().name(), d.rolloutStateReason());
        }).toList();
    }

    private String arn(long taskDefinitionId) {
        return definitions.findById(taskDefinitionId).map(td -> td.taskDefinitionArn()).orElse(null);
    }
}
