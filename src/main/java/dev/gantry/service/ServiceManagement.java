package dev.gantry.service;

import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.PlacementInput;
import dev.gantry.shared.Randomness;
import dev.gantry.taskdef.TaskDefinition;
import dev.gantry.taskdef.TaskDefinitionManagement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** CreateService, UpdateService, DeleteService, DescribeServices, ListServices and the event history. */
@Component
public class ServiceManagement {

    /** Published after a service write so its reconciler runs now rather than at the next resync. */
    public record ServiceChanged(long clusterId, long serviceId) {
    }

    private final ClusterManagement clusters;
    private final ServiceRepository services;
    private final ServiceViews views;
    private final TaskDefinitionManagement definitions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Arns arns;
    /** only for the drafts' createdAt and updatedAt, which the repository replaces with database time */
    private final Clock clock;
    private final Randomness randomness;

    ServiceManagement(ClusterManagement clusters, ServiceRepository services, ServiceViews views,
            TaskDefinitionManagement definitions, ApplicationEventPublisher events, JsonMapper json,
            GantryProperties properties, Clock clock, Randomness randomness) {
        this.clock = clock;
        this.randomness = randomness;
        this.clusters = clusters;
        this.services = services;
        this.views = views;
        this.definitions = definitions;
        this.events = events;
        this.json = json;
        this.arns = properties.arns();
    }

    @Transactional
    public ServiceView createService(String clusterRef, CreateServiceRequest request) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        boolean daemon = request.schedulingStrategy() == Service.SchedulingStrategy.DAEMON;
        String fingerprint = fingerprint(request);
        Optional<Service> existing = services.findByName(cluster.id(), request.serviceName())
                .filter(s -> s.status() != Service.Status.INACTIVE);
        if (existing.isPresent()) {
            if (fingerprint.equals(existing.get().requestFingerprint()) && existing.get().status() == Service.Status.ACTIVE) {
                return views.view(cluster, existing.get());
            }
            throw ApiException.invalidParameter("serviceName", "Creation of service was not idempotent.");
        }
        validateShape(daemon, request.desiredCount(), request.placementStrategy(), request.launchType(),
                request.deploymentConfiguration());
        List<Tag> tags = Tags.merged(List.of(), request.tags());
        TaskDefinition td = definitions.resolveActiveForLaunch(request.taskDefinition());
        DeploymentConfiguration config = (request.deploymentConfiguration() == null
                ? DeploymentConfiguration.defaults(daemon) : request.deploymentConfiguration()).withDefaults(daemon);
        Service draft = new Service(0, cluster.id(), request.serviceName(), Service.Status.ACTIVE,
                daemon ? Service.SchedulingStrategy.DAEMON : Service.SchedulingStrategy.REPLICA,
                daemon ? 0 : request.desiredCount(), td.id(), config, orEmpty(request.placementConstraints()),
                orEmpty(request.placementStrategy()), request.healthCheckGracePeriodSeconds() == null ? 0
                : request.healthCheckGracePeriodSeconds(), "ENABLED".equals(request.availabilityZoneRebalancing()),
                request.clientToken(), fingerprint, clock.instant(), clock.instant(), 0);
        long id;
        try {
            id = services.insert(draft);
        } catch (DuplicateKeyException raced) {
            throw ApiException.invalidParameter("serviceName", "Creation of service was not idempotent.");
        }
        services.setTags(id, tags);
        services.insertDeployment(Deployment.newId(randomness), id, td.id(), draft.desiredCount());
        events.publishEvent(new ServiceChanged(cluster.id(), id));
        return views.view(cluster, services.find(id).orElseThrow());
    }

    private static void validateShape(boolean daemon, Integer desiredCount, List<PlacementInput.Strategy> strategy,
            String launchType, DeploymentConfiguration config) {
        if (launchType != null && !List.of("EC2", "EXTERNAL").contains(launchType)) {
            throw ApiException.invalidParameter("launchType", "must be EC2 or EXTERNAL");
        }
        if (!daemon && desiredCount == null) {
            throw ApiException.invalidParameter("desiredCount", "is required for REPLICA services");
        }
        if (daemon && desiredCount != null) {
            throw ApiException.invalidParameter("desiredCount", "is computed for DAEMON services and may not be given");
        }
        if (daemon && strategy != null && !strategy.isEmpty()) {
            throw ApiException.invalidParameter("placementStrategy", "DAEMON services take no placement strategy");
        }
        if (daemon && config != null && config.maximumPercent() != null && config.maximumPercent() != 100) {
            throw ApiException.invalidParameter("deploymentConfiguration.maximumPercent", "must be 100 for DAEMON services");
        }
    }

    @Transactional
    public ServiceView updateService(String clusterRef, String serviceRef, UpdateServiceRequest request, Long expectedVersion) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Service current = require(cluster, serviceRef);
        if (current.status() != Service.Status.ACTIVE) {
            throw ApiException.conflict("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw ApiException.staleVersion(current.version());
        }
        if (current.daemon() && request.desiredCount() != null) {
            throw ApiException.invalidParameter("desiredCount", "is computed for DAEMON services and may not be given");
        }
        validateShape(current.daemon(), current.daemon() ? null : 0, request.placementStrategy(), null,
                request.deploymentConfiguration());
        long tdId = request.taskDefinition() == null ? current.taskDefinitionId()
                : definitions.resolveActiveForLaunch(request.taskDefinition()).id();
        List<PlacementInput.Constraint> constraints = request.placementConstraints() == null
                ? current.placementConstraints() : request.placementConstraints();
        List<PlacementInput.Strategy> strategy = request.placementStrategy() == null
                ? current.placementStrategy() : request.placementStrategy();
        Service updated = new Service(current.id(), current.clusterId(), current.name(), current.status(),
                current.schedulingStrategy(), request.desiredCount() == null ? current.desiredCount() : request.desiredCount(),
                tdId, request.deploymentConfiguration() == null ? current.deploymentConfiguration()
                : request.deploymentConfiguration().withDefaults(current.daemon()), constraints, strategy,
                request.healthCheckGracePeriodSeconds() == null ? current.healthCheckGracePeriodSeconds()
                : request.healthCheckGracePeriodSeconds(), request.availabilityZoneRebalancing() == null
                ? current.availabilityZoneRebalancing() : "ENABLED".equals(request.availabilityZoneRebalancing()),
                current.clientToken(), current.requestFingerprint(), current.createdAt(), clock.instant(), current.version());
        if (!services.update(updated)) {
            throw ApiException.staleVersion(services.find(current.id()).orElseThrow().version());
        }
        boolean newDeployment = tdId != current.taskDefinitionId() || Boolean.TRUE.equals(request.forceNewDeployment())
                || !Objects.equals(constraints, current.placementConstraints())
                || !Objects.equals(strategy, current.placementStrategy());
        if (newDeployment) {
            services.demotePrimary(current.id());
            services.insertDeployment(Deployment.newId(randomness), current.id(), tdId, updated.desiredCount());
        } else {
            services.setPrimaryDesired(current.id(), updated.desiredCount());
        }
        events.publishEvent(new ServiceChanged(cluster.id(), current.id()));
        return views.view(cluster, services.find(current.id()).orElseThrow());
    }

    /** ACTIVE → DRAINING (scaled to 0 with force); INACTIVE once its tasks are stopped. */
    @Transactional
    public ServiceView deleteService(String clusterRef, String serviceRef, boolean force) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Service current = require(cluster, serviceRef);
        if (current.status() != Service.Status.ACTIVE) {
            return views.view(cluster, current);
        }
        if (current.desiredCount() > 0 && !current.daemon() && !force) {
            throw ApiException.invalidParameter("force", "The service cannot be stopped while it is scaled above 0.");
        }
        Service draining = new Service(current.id(), current.clusterId(), current.name(), Service.Status.DRAINING,
                current.schedulingStrategy(), 0, current.taskDefinitionId(), current.deploymentConfiguration(),
                current.placementConstraints(), current.placementStrategy(), current.healthCheckGracePeriodSeconds(),
                current.availabilityZoneRebalancing(), current.clientToken(), current.requestFingerprint(), current.createdAt(), clock.instant(), current.version());
        if (!services.update(draining)) {
            throw ApiException.staleVersion(services.find(current.id()).orElseThrow().version());
        }
        services.setPrimaryDesired(current.id(), 0);
        events.publishEvent(new ServiceChanged(cluster.id(), current.id()));
        return views.view(cluster, services.find(current.id()).orElseThrow());
    }

    @Transactional(readOnly = true)
    public ServiceView describeService(String clusterRef, String serviceRef) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        return views.view(cluster, require(cluster, serviceRef));
    }

    /** ListServices: ACTIVE services by name; ECS's default page is 10. */
    @Transactional(readOnly = true)
    public Page<ServiceView> listServices(String clusterRef, Integer maxResults, String nextToken) {
        return listServices(clusterRef, maxResults, nextToken, null);
    }

    /** ListServices with ECS's schedulingStrategy filter (null: every strategy); the filter is kept on every page. */
    @Transactional(readOnly = true)
    public Page<ServiceView> listServices(String clusterRef, Integer maxResults, String nextToken,
            Service.SchedulingStrategy schedulingStrategy) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Keyset keyset = Keyset.of(maxResults, nextToken, 10);
        List<Service> rows = schedulingStrategy == null
                ? services.listActive(cluster.id(), keyset.afterOr(""), keyset.limit())
                : services.listActive(cluster.id(), schedulingStrategy, keyset.afterOr(""), keyset.limit());
        return keyset.page(rows, Service::name, shown -> shown.stream().map(s -> views.view(cluster, s)).toList());
    }

    /**
     * Every deployment the service has had, newest first, INACTIVE ones included (DescribeServices shows only the
     * live ones): the history ECS's ListServiceDeployments and DescribeServiceDeployments answer from.
     */
    @Transactional(readOnly = true)
    public ServiceView.History deploymentHistory(String clusterRef, String serviceRef) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Service service = require(cluster, serviceRef);
        return new ServiceView.History(views.view(cluster, service), views.deployments(service, true));
    }

    @Transactional(readOnly = true)
    public Page<ServiceView.EventView> listEvents(String clusterRef, String serviceRef, Integer maxResults, String nextToken) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Service service = require(cluster, serviceRef);
        Keyset keyset = Keyset.of(maxResults, nextToken);
        List<ServiceRepository.Event> page = services.events(service.id(),
                keyset.afterAs(ServiceRepository.EventPosition::parse, ServiceRepository.EventPosition.NEWEST), keyset.limit());
        return keyset.page(page, e -> e.position().toString(),
                shown -> shown.stream().map(e -> new ServiceView.EventView(e.id().toString(), e.createdAt(), e.message())).toList());
    }

    /** ListTagsForResource of a service (its newest row of that name); ResourceNotFoundException when none. */
    @Transactional(readOnly = true)
    public List<Tag> listTags(String clusterRef, String serviceRef) {
        return Tags.list(tagStore(), requireForTags(clusters.requireActive(clusterRef), serviceRef));
    }

    /** TagResource: adds tags, replacing the values of keys it already has (at most 50 in all). */
    @Transactional
    public List<Tag> tagService(String clusterRef, String serviceRef, List<Tag> added) {
        return Tags.tag(tagStore(), requireForTags(clusters.requireActive(clusterRef), serviceRef), added);
    }

    /** UntagResource: removes the tags of these keys (keys it does not have are ignored). */
    @Transactional
    public List<Tag> untagService(String clusterRef, String serviceRef, List<String> keys) {
        return Tags.untag(tagStore(), requireForTags(clusters.requireActive(clusterRef), serviceRef), keys);
    }

    private Tags.Store<Long> tagStore() {
        return Tags.Store.of(services::tags, services::setTags);
    }

    private long requireForTags(ActiveCluster cluster, String reference) {
        String name = arns.serviceName(reference).orElseThrow(() ->
                ApiException.invalidParameter("resourceArn", "must be a service ARN"));
        return services.findByName(cluster.id(), name).map(Service::id).orElseThrow(ApiException::resourceNotFound);
    }

    Service require(ActiveCluster cluster, String reference) {
        String name = arns.serviceName(reference).orElseThrow(() -> ApiException.invalidParameter("service", "must be a service name or service ARN"));
        return services.findByName(cluster.id(), name)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "ServiceNotFoundException", "Service not found.", List.of()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private String fingerprint(Object request) {
        return dev.gantry.shared.Fingerprints.sha256(json.writeValueAsString(request));
    }
}
