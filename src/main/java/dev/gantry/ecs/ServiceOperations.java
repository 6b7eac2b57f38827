package dev.gantry.ecs;

import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.cluster.Tag;
import dev.gantry.security.EcsCallAuthorisation;
import dev.gantry.service.CreateServiceRequest;
import dev.gantry.service.DeploymentConfiguration;
import dev.gantry.service.Service;
import dev.gantry.service.ServiceManagement;
import dev.gantry.service.ServiceView;
import dev.gantry.service.UpdateServiceRequest;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.PlacementInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices, ListServices, ListServiceDeployments and
 * DescribeServiceDeployments over {@link ServiceManagement}. Members of ECS's service shapes that Gantry cannot honour
 * (load balancers, service discovery, capacity providers, awsvpc, Fargate, other deployment controllers) are refused
 * naming them, never dropped.
 */
@Component
class ServiceOperations implements EcsOperations {

    static final Set<String> LAUNCH_TYPES = Set.of("EC2", "FARGATE", "EXTERNAL");
    static final Set<String> SCHEDULING_STRATEGIES = Set.of("REPLICA", "DAEMON");
    static final Set<String> CONTROLLERS = Set.of("ECS", "CODE_DEPLOY", "EXTERNAL");
    static final Set<String> DEPLOYMENT_STATUSES = Set.of("PENDING", "SUCCESSFUL", "STOPPED", "STOP_REQUESTED",
            "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED");
    private static final String DEPLOYMENT_PREFIX = "ecs-svc/";

    private final ServiceManagement services;
    private final EcsCallAuthorisation authorisation;
    private final Arns arns;
    private final Pattern deploymentArn;

    ServiceOperations(ServiceManagement services, EcsCallAuthorisation authorisation, GantryProperties properties) {
        this.services = services;
        this.authorisation = authorisation;
        this.arns = properties.arns();
        this.deploymentArn = Pattern.compile("arn:aws:ecs:" + Pattern.quote(arns.region()) + ":"
                + Pattern.quote(arns.accountId()) + ":service-deployment/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)/([0-9]+)");
    }

    /**
     * ECS's Service. Gantry runs every task on a registered Docker host, so launchType is EXTERNAL whatever the
     * request said (EC2 or EXTERNAL); the members of features Gantry does not offer are shown as ECS shows them
     * unused (empty lists, NONE, false). Tags only with {@code include: [TAGS]} (and in CreateService's answer when
     * it set some).
     */
    record EcsService(String serviceArn, String serviceName, String clusterArn, String status, int desiredCount,
            int runningCount, int pendingCount, String launchType, String taskDefinition,
            DeploymentConfiguration deploymentConfiguration, List<ServiceView.DeploymentView> deployments,
            List<Object> taskSets, List<ServiceView.EventView> events, Instant createdAt,
            List<PlacementInput.Constraint> placementConstraints, List<PlacementInput.Strategy> placementStrategy,
            int healthCheckGracePeriodSeconds, String schedulingStrategy, Controller deploymentController,
            List<Object> loadBalancers, List<Object> serviceRegistries, String propagateTags,
            boolean enableECSManagedTags, boolean enableExecuteCommand, String availabilityZoneRebalancing,
            List<Tag> tags) {

        static EcsService of(ServiceView view, boolean withTags) {
            return new EcsService(view.serviceArn(), view.serviceName(), view.clusterArn(), view.status(),
                    view.desiredCount(), view.runningCount(), view.pendingCount(), view.launchType(),
                    view.taskDefinition(), view.deploymentConfiguration(), view.deployments(), List.of(),
                    view.events(), view.createdAt(), view.placementConstraints(), view.placementStrategy(),
                    view.healthCheckGracePeriodSeconds(), view.schedulingStrategy(),
                    new Controller(view.deploymentController() == null ? "ECS" : view.deploymentController().type()),
                    List.of(), List.of(), "NONE", false, false, view.availabilityZoneRebalancing(),
                    withTags ? (view.tags() == null ? List.of() : view.tags()) : null);
        }
    }

    record Controller(String type) {
    }

    record ServiceAnswer(EcsService service) {
    }

    record ServicesAnswer(List<EcsService> services, List<EcsFailure> failures) {
    }

    record ServiceArns(List<String> serviceArns, String nextToken) {
    }

    /** ECS's ServiceDeploymentBrief (ListServiceDeployments). */
    record DeploymentBrief(String serviceDeploymentArn, String serviceArn, String clusterArn, Instant startedAt,
            Instant createdAt, Instant finishedAt, String targetServiceRevisionArn, String status,
            String statusReason) {
    }

    record DeploymentBriefs(List<DeploymentBrief> serviceDeployments, String nextToken) {
    }

    /** ECS's ServiceRevisionSummary: a deployment's revision with its task counts. */
    record RevisionSummary(String arn, int requestedTaskCount, int runningTaskCount, int pendingTaskCount) {
    }

    record CircuitBreakerStatus(String status, int failureCount, Integer threshold) {
    }

    /** ECS's ServiceDeployment (DescribeServiceDeployments). */
    record EcsServiceDeployment(String serviceDeploymentArn, String serviceArn, String clusterArn, Instant createdAt,
            Instant startedAt, Instant finishedAt, Instant stoppedAt, Instant updatedAt,
            List<RevisionSummary> sourceServiceRevisions, RevisionSummary targetServiceRevision, String status,
            String statusReason, DeploymentConfiguration deploymentConfiguration,
            CircuitBreakerStatus deploymentCircuitBreaker) {
    }

    record ServiceDeploymentsAnswer(List<EcsServiceDeployment> serviceDeployments, List<EcsFailure> failures) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                EcsOperation.inCluster("CreateService", call -> call.string("serviceName"), this::create),
                EcsOperation.inCluster("UpdateService", call -> call.string("service"), this::update),
                EcsOperation.inCluster("DeleteService", call -> call.string("service"), this::delete),
                EcsOperation.inCluster("DescribeServices", call -> null, this::describe),
                EcsOperation.inCluster("ListServices", call -> null, this::list),
                EcsOperation.inCluster("ListServiceDeployments", call -> call.string("service"), this::listDeployments),
                EcsOperation.global("DescribeServiceDeployments", call -> null, this::describeDeployments));
    }

    private ServiceAnswer create(EcsCall call) {
        refuseWhatGantryCannotHonour(call);
        call.requiredString("serviceName");
        String launchType = call.enumValue("launchType", LAUNCH_TYPES);
        if ("FARGATE".equals(launchType)) {
            throw EcsError.unsupported("launchType FARGATE is not offered by Gantry: tasks run on the Docker hosts "
                    + "registered with the cluster (launchType EC2 or EXTERNAL).");
        }
        call.enumValue("schedulingStrategy", SCHEDULING_STRATEGIES);
        CreateServiceRequest request = call.as(CreateServiceRequest.class);
        // ECS answers CreateService with the tags it was given
        return new ServiceAnswer(EcsService.of(services.createService(call.cluster(), request),
                request.tags() != null && !request.tags().isEmpty()));
    }

    private ServiceAnswer update(EcsCall call) {
        refuseWhatGantryCannotHonour(call);
        String service = call.requiredString("service");
        UpdateServiceRequest request = call.as(UpdateServiceRequest.class);
        return new ServiceAnswer(EcsService.of(services.updateService(call.cluster(), service, request, null), false));
    }

    private ServiceAnswer delete(EcsCall call) {
        String service = call.requiredString("service");
        boolean force = Boolean.TRUE.equals(call.bool("force"));
        return new ServiceAnswer(EcsService.of(services.deleteService(call.cluster(), service, force), false));
    }

    private ServicesAnswer describe(EcsCall call) {
        List<String> references = call.requiredStrings("services", 10);
        boolean withTags = false;
        for (String value : call.strings("include")) {
            if (!"TAGS".equals(value)) {
                throw EcsError.invalidParameter("include must hold only TAGS (got '" + value + "').");
            }
            withTags = true;
        }
        String cluster = call.cluster();
        String clusterName = arns.clusterName(cluster).orElse(cluster);
        List<EcsService> found = new ArrayList<>();
        List<EcsFailure> failures = new ArrayList<>();
        for (String reference : references) {
            Optional<String> name = arns.serviceName(reference);
            if (name.isEmpty()) {
                failures.add(EcsFailure.missing(reference));
                continue;
            }
            try {
                found.add(EcsService.of(services.describeService(cluster, name.get()), withTags));
            } catch (ApiException e) {
                if (!"ServiceNotFoundException".equals(e.code())) {
                    throw e;
                }
                failures.add(EcsFailure.missing(arns.service(clusterName, name.get())));
            }
        }
        return new ServicesAnswer(found, failures);
    }

    private ServiceArns list(EcsCall call) {
        String launchType = call.enumValue("launchType", LAUNCH_TYPES);
        String strategy = call.enumValue("schedulingStrategy", SCHEDULING_STRATEGIES);
        String management = call.enumValue("resourceManagementType", Set.of("CUSTOMER", "ECS"));
        int size = call.maxResults(10);
        String token = call.string("nextToken");
        // every Gantry service runs on registered hosts and is managed by its owner: EC2 and EXTERNAL both name
        // them (a service created as EC2 is still found by that filter), FARGATE and ECS-managed ones do not exist
        if ("FARGATE".equals(launchType) || "ECS".equals(management)) {
            services.listServices(call.cluster(), size, token);
            return new ServiceArns(List.of(), null);
        }
        Page<ServiceView> page = services.listServices(call.cluster(), size, token,
                strategy == null ? null : Service.SchedulingStrategy.valueOf(strategy));
        return new ServiceArns(page.items().stream().map(ServiceView::serviceArn).toList(), page.nextToken());
    }

    private DeploymentBriefs listDeployments(EcsCall call) {
        String service = call.requiredString("service");
        List<String> statuses = call.strings("status");
        for (String status : statuses) {
            if (!DEPLOYMENT_STATUSES.contains(status)) {
                throw EcsError.invalidParameter("status must hold only "
                        + String.join(", ", DEPLOYMENT_STATUSES.stream().sorted().toList()) + " (got '" + status + "').");
            }
        }
        Instant after = null;
        Instant before = null;
        JsonNode createdAt = call.body().get("createdAt");
        if (createdAt != null && !createdAt.isNull()) {
            if (!createdAt.isObject()) {
                throw EcsError.serialization("Member 'createdAt' must be an object with before and after.");
            }
            after = instant(createdAt, "after");
            before = instant(createdAt, "before");
        }
        Keyset keyset = Keyset.of(call.maxResults(20), call.string("nextToken"), 20);
        ServiceView.History history = services.deploymentHistory(call.cluster(), service);
        List<ServiceView.DeploymentView> all = history.deployments();
        List<ServiceView.DeploymentView> matching = new ArrayList<>();
        boolean reached = keyset.after() == null;
        for (ServiceView.DeploymentView d : all) {
            if (!reached) {
                reached = d.id().equals(keyset.after());
                continue;
            }
            if ((statuses.isEmpty() || statuses.contains(status(d, all)))
                    && (after == null || !d.createdAt().isBefore(after))
                    && (before == null || !d.createdAt().isAfter(before))) {
                matching.add(d);
            }
        }
        if (!reached) {
            throw EcsError.invalidParameter("nextToken is not a token returned by this list.");
        }
        Page<DeploymentBrief> page = keyset.page(matching.subList(0, Math.min(matching.size(), keyset.limit())),
                ServiceView.DeploymentView::id, shown -> shown.stream().map(d -> brief(history.service(), d, all)).toList());
        return new DeploymentBriefs(page.items(), page.nextToken());
    }

    private static Instant instant(JsonNode parent, String member) {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw EcsError.serialization("Member 'createdAt." + member + "' must be a timestamp (epoch seconds).");
        }
        BigDecimal seconds = node.decimalValue();
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    private ServiceDeploymentsAnswer describeDeployments(EcsCall call) {
        List<String> references = call.requiredStrings("serviceDeploymentArns", 20);
        Optional<Set<String>> visible = authorisation.visibleClusters();
        List<EcsServiceDeployment> found = new ArrayList<>();
        List<EcsFailure> failures = new ArrayList<>();
        for (String reference : references) {
            Matcher m = deploymentArn.matcher(reference);
            if (!m.matches()) {
                throw EcsError.invalidParameter("serviceDeploymentArns: '" + reference + "' is not a service "
                        + "deployment ARN (arn:aws:ecs:" + arns.region() + ":" + arns.accountId()
                        + ":service-deployment/CLUSTER/SERVICE/ID).");
            }
            String cluster = m.group(1);
            String id = DEPLOYMENT_PREFIX + m.group(3);
            if (visible.map(v -> !v.contains(cluster)).orElse(false)) {
                failures.add(EcsFailure.missing(reference));
                continue;
            }
            ServiceView.History history;
            try {
                history = services.deploymentHistory(cluster, m.group(2));
            } catch (ApiException e) {
                if (!"ServiceNotFoundException".equals(e.code()) && !"ClusterNotFoundException".equals(e.code())) {
                    throw e;
                }
                failures.add(EcsFailure.missing(reference));
                continue;
            }
            Optional<ServiceView.DeploymentView> deployment = history.deployments().stream()
                    .filter(d -> d.id().equals(id)).findFirst();
            if (deployment.isEmpty()) {
                failures.add(EcsFailure.missing(reference));
                continue;
            }
            found.add(serviceDeployment(history, deployment.get()));
        }
        return new ServiceDeploymentsAnswer(found, failures);
    }

    private DeploymentBrief brief(ServiceView service, ServiceView.DeploymentView d, List<ServiceView.DeploymentView> all) {
        String status = status(d, all);
        return new DeploymentBrief(deploymentArn(service, d), service.serviceArn(), service.clusterArn(),
                d.createdAt(), d.createdAt(), finished(status) ? d.updatedAt() : null, revisionArn(service, d), status,
                statusReason(d, status));
    }

    private EcsServiceDeployment serviceDeployment(ServiceView.History history, ServiceView.DeploymentView d) {
        ServiceView service = history.service();
        List<ServiceView.DeploymentView> all = history.deployments();
        String status = status(d, all);
        int index = all.indexOf(d);
        // Gantry records no revision set per deployment: the source is the deployment this one replaced
        List<RevisionSummary> sources = index + 1 < all.size() ? List.of(revision(service, all.get(index + 1)))
                : List.of();
        DeploymentConfiguration config = service.deploymentConfiguration();
        DeploymentConfiguration.DeploymentCircuitBreaker breaker = config == null ? null
                : config.deploymentCircuitBreaker();
        boolean enabled = breaker != null && Boolean.TRUE.equals(breaker.enable());
        String breakerStatus = !enabled ? "DISABLED"
                : "FAILED".equals(d.rolloutState()) ? "TRIGGERED"
                : "COMPLETED".equals(d.rolloutState()) ? "MONITORING_COMPLETE" : "MONITORING";
        return new EcsServiceDeployment(deploymentArn(service, d), service.serviceArn(), service.clusterArn(),
                d.createdAt(), d.createdAt(), finished(status) ? d.updatedAt() : null,
                "STOPPED".equals(status) ? d.updatedAt() : null, d.updatedAt(), sources, revision(service, d), status,
                statusReason(d, status), config,
                new CircuitBreakerStatus(breakerStatus, d.failedTasks(), breaker == null ? null : breaker.threshold()));
    }

    /**
     * A Gantry deployment as ECS's service deployment status: a completed rollout SUCCESSFUL, a failed one (circuit
     * breaker) STOPPED, the PRIMARY's rollout IN_PROGRESS, and one replaced before it completed STOPPED.
     */
    private static String status(ServiceView.DeploymentView d, List<ServiceView.DeploymentView> all) {
        return switch (d.rolloutState()) {
            case "COMPLETED" -> "SUCCESSFUL";
            case "FAILED" -> "STOPPED";
            default -> "PRIMARY".equals(d.status()) ? "IN_PROGRESS" : "STOPPED";
        };
    }

    private static boolean finished(String status) {
        return "SUCCESSFUL".equals(status) || "STOPPED".equals(status);
    }

    private static String statusReason(ServiceView.DeploymentView d, String status) {
        if ("STOPPED".equals(status) && !"FAILED".equals(d.rolloutState())) {
            return "ECS deployment " + d.id() + " was replaced by a newer deployment before it completed.";
        }
        return d.rolloutStateReason();
    }

    private RevisionSummary revision(ServiceView service, ServiceView.DeploymentView d) {
        return new RevisionSummary(revisionArn(service, d), d.desiredCount(), d.runningCount(), d.pendingCount());
    }

    private String deploymentArn(ServiceView service, ServiceView.DeploymentView d) {
        return "arn:aws:ecs:" + arns.region() + ":" + arns.accountId() + ":service-deployment/"
                + clusterNameOf(service) + "/" + service.serviceName() + "/" + number(d);
    }

    /** Gantry keeps one service revision per deployment: its ARN carries the deployment's number. */
    private String revisionArn(ServiceView service, ServiceView.DeploymentView d) {
        return "arn:aws:ecs:" + arns.region() + ":" + arns.accountId() + ":service-revision/"
                + clusterNameOf(service) + "/" + service.serviceName() + "/" + number(d);
    }

    private static String number(ServiceView.DeploymentView d) {
        return d.id().startsWith(DEPLOYMENT_PREFIX) ? d.id().substring(DEPLOYMENT_PREFIX.length()) : d.id();
    }

    private static String clusterNameOf(ServiceView service) {
        return service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
    }

    /**
     * The members of CreateService and UpdateService whose features Gantry does not offer: refused naming the
     * member when they ask for something (an empty list or a disabled flag asks for nothing and passes).
     */
    private static void refuseWhatGantryCannotHonour(EcsCall call) {
        ObjectNode body = call.body();
        nonEmptyList(body, "loadBalancers", "load balancing is not offered by Gantry yet");
        nonEmptyList(body, "serviceRegistries", "service discovery (Cloud Map) is not offered by Gantry");
        nonEmptyList(body, "capacityProviderStrategy", "capacity providers are not offered by Gantry: a cluster's "
                + "capacity is the Docker hosts registered with it");
        nonEmptyList(body, "volumeConfigurations", "EBS volume configurations are not offered by Gantry");
        nonEmptyList(body, "vpcLatticeConfigurations", "VPC Lattice is not offered by Gantry");
        JsonNode network = body.get("networkConfiguration");
        if (network != null && !network.isNull() && network.has("awsvpcConfiguration")) {
            throw EcsError.unsupported("networkConfiguration.awsvpcConfiguration: the awsvpc network mode is not "
                    + "offered by Gantry; tasks use their Docker host's bridge or host network.");
        }
        present(body, "platformVersion", "platform versions belong to Fargate");
        present(body, "role", "the service role is for load balancers, which Gantry does not offer yet");
        present(body, "serviceConnectConfiguration", "Service Connect is not offered by Gantry");
        flag(body, "enableExecuteCommand", "ECS Exec is not offered by Gantry");
        flag(body, "enableECSManagedTags", "Gantry does not tag tasks on its own");
        JsonNode propagate = body.get("propagateTags");
        if (propagate != null && propagate.isString() && !"NONE".equals(propagate.asString())) {
            throw EcsError.unsupported("propagateTags " + propagate.asString() + ": Gantry does not copy tags to "
                    + "a service's tasks.");
        }
        JsonNode controller = body.get("deploymentController");
        if (controller != null && controller.isObject() && controller.get("type") != null
                && controller.get("type").isString()) {
            String type = controller.get("type").asString();
            if (!CONTROLLERS.contains(type)) {
                throw EcsError.invalidParameter("deploymentController.type must be one of CODE_DEPLOY, ECS, "
                        + "EXTERNAL (got '" + type + "').");
            }
            if (!"ECS".equals(type)) {
                throw EcsError.unsupported("deploymentController.type " + type + " is not offered by Gantry: "
                        + "only the ECS (rolling update) controller is.");
            }
        }
        JsonNode config = body.get("deploymentConfiguration");
        if (config != null && config.isObject()) {
            refuseDeploymentOptions(config);
        }
    }

    private static void refuseDeploymentOptions(JsonNode config) {
        JsonNode alarms = config.get("alarms");
        if (alarms != null && alarms.isObject() && alarms.path("enable").asBoolean(false)) {
            throw EcsError.unsupported("deploymentConfiguration.alarms: CloudWatch alarms are not offered by Gantry.");
        }
        JsonNode strategy = config.get("strategy");
        if (strategy != null && strategy.isString() && !"ROLLING".equals(strategy.asString())) {
            throw EcsError.unsupported("deploymentConfiguration.strategy " + strategy.asString()
                    + " is not offered by Gantry: only ROLLING is.");
        }
        for (String member : List.of("bakeTimeInMinutes", "linearConfiguration", "canaryConfiguration")) {
            JsonNode node = config.get(member);
            if (node != null && !node.isNull()) {
                throw EcsError.unsupported("deploymentConfiguration." + member + " belongs to blue/green, linear "
                        + "and canary deployments, which Gantry does not offer.");
            }
        }
        JsonNode hooks = config.get("lifecycleHooks");
        if (hooks != null && hooks.isArray() && !hooks.isEmpty()) {
            throw EcsError.unsupported("deploymentConfiguration.lifecycleHooks are not offered by Gantry.");
        }
        JsonNode breaker = config.get("deploymentCircuitBreaker");
        if (breaker instanceof ObjectNode object) {
            JsonNode reset = object.get("resetOnHealthyTask");
            if (reset != null && reset.isBoolean() && !reset.asBoolean()) {
                throw EcsError.unsupported("deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask "
                        + "false: Gantry's breaker always stops counting once a task runs.");
            }
            JsonNode threshold = object.get("thresholdConfiguration");
            if (threshold != null && !threshold.isNull()) {
                String type = threshold.path("type").asString("");
                if ("COUNT".equals(type) && threshold.path("value").canConvertToInt()) {
                    // ECS's fixed count is Gantry's threshold
                    object.put("threshold", threshold.get("value").asInt());
                } else if (!("BOUNDED_PERCENT".equals(type) && threshold.path("value").asInt(-1) == 50)) {
                    throw EcsError.unsupported("deploymentConfiguration.deploymentCircuitBreaker."
                            + "thresholdConfiguration: Gantry offers COUNT and the default BOUNDED_PERCENT 50.");
                }
            }
        }
    }

    private static void nonEmptyList(ObjectNode body, String member, String why) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw EcsError.serialization("Member '" + member + "' must be a list.");
        }
        if (!node.isEmpty()) {
            throw EcsError.unsupported(member + ": " + why + ".");
        }
    }

    private static void present(ObjectNode body, String member, String why) {
        JsonNode node = body.get(member);
        if (node != null && !node.isNull()) {
            throw EcsError.unsupported(member + ": " + why + ".");
        }
    }

    private static void flag(ObjectNode body, String member, String why) {
        JsonNode node = body.get(member);
        if (node != null && node.isBoolean() && node.asBoolean()) {
            throw EcsError.unsupported(member + ": " + why + ".");
        }
    }
}
