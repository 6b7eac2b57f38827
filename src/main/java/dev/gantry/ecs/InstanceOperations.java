package dev.gantry.ecs;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.cluster.Tag;
import dev.gantry.instance.Attribute;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceView;
import dev.gantry.instance.ContainerInstanceView.Resource;
import dev.gantry.instance.InstanceManagement;
import dev.gantry.instance.InstanceManagement.AttributeChange;
import dev.gantry.instance.InstanceManagement.InstanceAttribute;
import dev.gantry.instance.RegisterContainerInstanceRequest;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * RegisterContainerInstance, DeregisterContainerInstance, DescribeContainerInstances, ListContainerInstances,
 * UpdateContainerInstancesState, PutAttributes, DeleteAttributes and ListAttributes over {@link InstanceManagement}.
 *
 * <p>ECS registers an EC2 instance by its identity document; Gantry registers a Docker engine by its endpoint, so
 * the endpoint and its TLS material come as the Gantry attributes of {@link #ENDPOINT}, {@link #TLS_CA},
 * {@link #TLS_CERT}, {@link #TLS_KEY} and {@link #ZONE} (docs/design/ecs-protocol.md). They are read, handed to
 * the same registration REST v1 runs, and never stored as attributes, so no answer echoes them (the key is sealed
 * by the instance module and never returned or logged).
 */
@Component
class InstanceOperations implements EcsOperations {

    static final String ENDPOINT = "gantry.docker-endpoint";
    static final String TLS_CA = "gantry.tls.ca-certificate";
    static final String TLS_CERT = "gantry.tls.client-certificate";
    static final String TLS_KEY = "gantry.tls.client-key";
    static final String ZONE = "gantry.availability-zone";
    static final Set<String> REGISTRATION_ATTRIBUTES = Set.of(ENDPOINT, TLS_CA, TLS_CERT, TLS_KEY, ZONE);

    static final String TARGET_TYPE = "container-instance";
    static final Set<String> INCLUDE = Set.of("TAGS", "CONTAINER_INSTANCE_HEALTH");
    static final Set<String> LIST_STATUS = Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING",
            "REGISTRATION_FAILED");
    static final Set<String> STATE = Set.of("ACTIVE", "DRAINING");

    /** REST's member names in the registration's validation messages, as the ECS caller named them. */
    private static final Map<String, String> REGISTRATION_MEMBERS = Map.of("dockerEndpoint", ENDPOINT,
            "tls.caCertificate", TLS_CA, "tls.clientCertificate", TLS_CERT, "tls.clientKey", TLS_KEY,
            "availabilityZone", ZONE);

    private final InstanceManagement instances;
    private final ClusterManagement clusters;
    private final Arns arns;

    InstanceOperations(InstanceManagement instances, ClusterManagement clusters, GantryProperties properties) {
        this.instances = instances;
        this.clusters = clusters;
        this.arns = properties.arns();
    }

    /** ECS's Attribute shape; {@code targetType} and {@code targetId} only where ECS sends them (the attribute actions). */
    record EcsAttribute(String name, String value, String targetType, String targetId) {
    }

    record HealthDetail(String type, String status) {
    }

    record Health(String overallStatus, List<HealthDetail> details) {
    }

    /** ECS's ContainerInstance shape: no ec2InstanceId (there is no EC2 instance), no Docker endpoint (not ECS's). */
    record EcsContainerInstance(String containerInstanceArn, long version,
            ContainerInstanceView.VersionInfo versionInfo, List<Resource> remainingResources,
            List<Resource> registeredResources, String status, String statusReason, boolean agentConnected,
            int runningTasksCount, int pendingTasksCount, List<EcsAttribute> attributes, Instant registeredAt,
            List<Tag> tags, Health healthStatus) {

        static EcsContainerInstance of(ContainerInstanceView view, Set<String> include) {
            List<EcsAttribute> attributes = view.attributes().stream()
                    .map(a -> new EcsAttribute(a.name(), a.value(), null, null)).toList();
            return new EcsContainerInstance(view.containerInstanceArn(), view.version(), view.versionInfo(),
                    remaining(view), view.registeredResources(), view.status(), view.statusReason(),
                    view.agentConnected(), view.runningTasksCount(), view.pendingTasksCount(), attributes,
                    view.registeredAt(),
                    include.contains("TAGS") ? (view.tags() == null ? List.of() : view.tags()) : null,
                    include.contains("CONTAINER_INSTANCE_HEALTH") ? health(view) : null);
        }

        /**
         * ECS's remaining PORTS are the registered (reserved) ports plus the static host ports tasks hold: a port in
         * the set is not free. REST's view lists the held ports; the union is what ECS clients read.
         */
        private static List<Resource> remaining(ContainerInstanceView view) {
            Map<String, Resource> registered = new LinkedHashMap<>();
            view.registeredResources().forEach(r -> registered.put(r.name(), r));
            return view.remainingResources().stream().map(r -> {
                Resource reserved = registered.get(r.name());
                if (!"STRINGSET".equals(r.type()) || reserved == null) {
                    return r;
                }
                Set<Integer> ports = new TreeSet<>();
                reserved.stringSetValue().forEach(p -> ports.add(Integer.valueOf(p)));
                r.stringSetValue().forEach(p -> ports.add(Integer.valueOf(p)));
                return new Resource(r.name(), r.type(), 0, 0, 0, ports.stream().map(String::valueOf).toList());
            }).toList();
        }

        /** The one health check Gantry has: whether the Docker engine answers its heartbeat. */
        private static Health health(ContainerInstanceView view) {
            String status = view.agentConnected() ? "OK" : "IMPAIRED";
            return new Health(status, List.of(new HealthDetail("CONTAINER_RUNTIME", status)));
        }
    }

    record InstanceAnswer(EcsContainerInstance containerInstance) {
    }

    record InstancesAnswer(List<EcsContainerInstance> containerInstances, List<EcsFailure> failures) {
    }

    record InstanceArns(List<String> containerInstanceArns, String nextToken) {
    }

    record AttributesAnswer(List<EcsAttribute> attributes) {
    }

    record AttributesPage(List<EcsAttribute> attributes, String nextToken) {
    }

    /** The attributes of a call as REST's records, validated by REST's rules with ECS's member paths. */
    record ValidatedAttributes(List<@Valid Attribute> attributes) {
    }

    @Override
    public List<EcsOperation> operations() {
        return List.of(
                EcsOperation.inCluster("RegisterContainerInstance", call -> null, this::register),
                EcsOperation.inCluster("DeregisterContainerInstance", call -> call.string("containerInstance"),
                        this::deregister),
                EcsOperation.inCluster("DescribeContainerInstances", call -> null, this::describe),
                EcsOperation.inCluster("ListContainerInstances", call -> null, this::list),
                EcsOperation.inCluster("UpdateContainerInstancesState", call -> null, this::updateState),
                EcsOperation.inCluster("PutAttributes", call -> null, this::putAttributes),
                EcsOperation.inCluster("DeleteAttributes", call -> null, this::deleteAttributes),
                EcsOperation.inCluster("ListAttributes", call -> null, this::listAttributes));
    }

    // ---- RegisterContainerInstance

    private InstanceAnswer register(EcsCall call) {
        refuseEc2Members(call);
        List<EcsAttribute> given = attributes(call);
        Map<String, String> registration = new LinkedHashMap<>();
        List<Attribute> custom = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            EcsAttribute attribute = given.get(i);
            if (attribute == null || attribute.name() == null) {
                throw EcsError.invalidParameter("attributes[" + i + "].name can not be blank.");
            }
            if (REGISTRATION_ATTRIBUTES.contains(attribute.name())) {
                if (registration.put(attribute.name(), attribute.value()) != null) {
                    throw EcsError.invalidParameter("attributes: " + attribute.name() + " is given twice.");
                }
            } else if (attribute.name().startsWith("gantry.")) {
                throw EcsError.invalidParameter("attributes[" + i + "].name: " + attribute.name()
                        + " is not a registration attribute of Gantry (those are "
                        + String.join(", ", new TreeSet<>(REGISTRATION_ATTRIBUTES)) + ").");
            } else {
                custom.add(new Attribute(attribute.name(), attribute.value()));
            }
        }
        String endpoint = registration.get(ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            throw EcsError.invalidParameter("attributes: " + ENDPOINT + " is required: Gantry registers a Docker "
                    + "engine by its endpoint (unix:///path/to/docker.sock or tcp://host:port), not by an EC2 "
                    + "identity document.");
        }
        RegisterContainerInstanceRequest request = new RegisterContainerInstanceRequest(endpoint, tls(registration),
                registration.get(ZONE), custom.isEmpty() ? null : custom, tags(call));
        try {
            call.validate(request);
        } catch (EcsError e) {
            throw EcsError.invalidParameter(inEcsTerms(e.getMessage()));
        }
        return new InstanceAnswer(EcsContainerInstance.of(instances.registerContainerInstance(call.cluster(), request),
                request.tags() == null ? Set.of() : Set.of("TAGS")));
    }

    /**
     * Members of ECS's request Gantry cannot honour, refused by name (tags it stores). Empty lists and an empty versionInfo are what
     * some clients send for "nothing" and are accepted.
     */
    private static void refuseEc2Members(EcsCall call) {
        if (call.has("instanceIdentityDocument") || call.has("instanceIdentityDocumentSignature")) {
            throw EcsError.unsupported("instanceIdentityDocument: Gantry registers Docker engines, not EC2 "
                    + "instances; give the engine's endpoint as the attribute " + ENDPOINT + ".");
        }
        if (call.has("containerInstanceArn")) {
            throw EcsError.unsupported("containerInstanceArn: re-registering an instance is not offered; a "
                    + "registered engine stays registered, and a deregistered one registers again as a new instance.");
        }
        if (given(call, "totalResources")) {
            throw EcsError.invalidParameter("totalResources: Gantry reads a host's CPUs and memory from its Docker "
                    + "engine and reserves the ports of its configuration; resources given here could contradict "
                    + "them, so leave totalResources out.");
        }
        if (given(call, "versionInfo")) {
            throw EcsError.invalidParameter("versionInfo: Gantry reports its own version and the Docker engine's "
                    + "(it asks the engine); leave versionInfo out.");
        }
        if (given(call, "platformDevices")) {
            throw EcsError.unsupported("platformDevices: GPUs are not scheduled by Gantry.");
        }
    }

    /** A member present with content: not absent, not null, not an empty list or object. */
    private static boolean given(EcsCall call, String member) {
        var node = call.body().path(member);
        return !node.isMissingNode() && !node.isNull() && !node.isEmpty();
    }

    private static List<Tag> tags(EcsCall call) {
        Tag[] tags = call.member("tags", Tag[].class);
        return tags == null ? null : java.util.Arrays.asList(tags);
    }

    private static RegisterContainerInstanceRequest.TlsMaterial tls(Map<String, String> registration) {
        List<String> tls = List.of(TLS_CA, TLS_CERT, TLS_KEY);
        long given = tls.stream().filter(registration::containsKey).count();
        if (given == 0) {
            return null;
        }
        if (given < tls.size()) {
            throw EcsError.invalidParameter("attributes: " + String.join(", ", tls)
                    + " go together (mutual TLS needs the CA, the client certificate and its key, as PEM).");
        }
        return new RegisterContainerInstanceRequest.TlsMaterial(registration.get(TLS_CA), registration.get(TLS_CERT),
                registration.get(TLS_KEY));
    }

    /** A validation message of REST's request with the members the ECS caller sent instead of REST's names. */
    private static String inEcsTerms(String message) {
        for (Map.Entry<String, String> member : REGISTRATION_MEMBERS.entrySet()) {
            if (message.startsWith(member.getKey() + " ")) {
                return "attributes: " + member.getValue() + message.substring(member.getKey().length());
            }
        }
        return message;
    }

    // ---- DeregisterContainerInstance, Describe, List, UpdateContainerInstancesState

    private InstanceAnswer deregister(EcsCall call) {
        String reference = call.requiredString("containerInstance");
        boolean force = Boolean.TRUE.equals(call.bool("force"));
        return new InstanceAnswer(EcsContainerInstance.of(
                instances.deregisterContainerInstance(call.cluster(), reference, force), Set.of()));
    }

    private InstancesAnswer describe(EcsCall call) {
        List<String> references = call.requiredStrings("containerInstances", 100);
        Set<String> include = Set.copyOf(validInclude(call));
        ActiveCluster cluster = clusters.requireActive(call.cluster());
        List<EcsContainerInstance> found = new ArrayList<>();
        List<EcsFailure> failures = new ArrayList<>();
        for (String reference : new LinkedHashSet<>(references)) {
            described(cluster, reference, failures).ifPresent(view -> found.add(EcsContainerInstance.of(view, include)));
        }
        return new InstancesAnswer(found, failures);
    }

    /**
     * The instance a reference names in the cluster, or empty when it names none there, which is then a MISSING
     * failure (the ARN the reference expands to, or the reference itself when it is no instance id or ARN).
     */
    private Optional<ContainerInstanceView> described(ActiveCluster cluster, String reference,
            List<EcsFailure> failures) {
        Optional<String> id = arns.containerInstanceId(reference);
        if (id.isEmpty()) {
            failures.add(EcsFailure.missing(reference));
            return Optional.empty();
        }
        try {
            return Optional.of(instances.describeContainerInstance(cluster.name(), id.get()));
        } catch (ApiException e) {
            if (e.status() != HttpStatus.NOT_FOUND || "ClusterNotFoundException".equals(e.code())) {
                throw e;
            }
            failures.add(EcsFailure.missing(arns.containerInstance(cluster.name(), id.get())));
            return Optional.empty();
        }
    }

    private List<String> validInclude(EcsCall call) {
        List<String> include = call.strings("include");
        for (String value : include) {
            if (!INCLUDE.contains(value)) {
                throw EcsError.invalidParameter("include must hold only "
                        + String.join(", ", new TreeSet<>(INCLUDE)) + " (got '" + value + "').");
            }
        }
        return include;
    }

    private InstanceArns list(EcsCall call) {
        String status = call.enumValue("status", LIST_STATUS);
        Page<ContainerInstanceView> page = instances.listContainerInstances(call.cluster(), status,
                call.string("filter"), call.maxResults(100), call.string("nextToken"));
        return new InstanceArns(page.items().stream().map(ContainerInstanceView::containerInstanceArn).toList(),
                page.nextToken());
    }

    /**
     * Each instance on its own, as ECS answers: one not found is MISSING, one neither ACTIVE nor DRAINING is a
     * failure with its status as the reason; the others change.
     */
    private InstancesAnswer updateState(EcsCall call) {
        List<String> references = call.requiredStrings("containerInstances", 10);
        String status = call.enumValue("status", STATE);
        if (status == null) {
            throw EcsError.invalidParameter("status can not be blank (ACTIVE or DRAINING).");
        }
        ActiveCluster cluster = clusters.requireActive(call.cluster());
        List<EcsContainerInstance> changed = new ArrayList<>();
        List<EcsFailure> failures = new ArrayList<>();
        for (String reference : new LinkedHashSet<>(references)) {
            Optional<ContainerInstanceView> found = described(cluster, reference, failures);
            if (found.isEmpty()) {
                continue;
            }
            ContainerInstanceView current = found.get();
            String arn = current.containerInstanceArn();
            if (!STATE.contains(current.status())) {
                failures.add(new EcsFailure(arn, current.status(), "Only ACTIVE or DRAINING container instances "
                        + "change state; this one is " + current.status() + "."));
                continue;
            }
            changed.add(EcsContainerInstance.of(instances.updateContainerInstanceState(cluster.name(), Arns.idIn(arn),
                    ContainerInstance.Status.valueOf(status), null), Set.of()));
        }
        return new InstancesAnswer(changed, failures);
    }

    // ---- PutAttributes, DeleteAttributes, ListAttributes

    private AttributesAnswer putAttributes(EcsCall call) {
        List<EcsAttribute> given = targetedAttributes(call);
        List<Attribute> values = given.stream().map(a -> new Attribute(a.name(), a.value())).toList();
        call.validate(new ValidatedAttributes(values));
        Map<String, List<Attribute>> byTarget = new LinkedHashMap<>();
        for (EcsAttribute attribute : given) {
            byTarget.computeIfAbsent(attribute.targetId(), t -> new ArrayList<>())
                    .add(new Attribute(attribute.name(), attribute.value()));
        }
        List<AttributeChange> changes = byTarget.entrySet().stream()
                .map(e -> new AttributeChange(e.getKey(), e.getValue(), List.of())).toList();
        instances.changeAttributes(call.cluster(), changes);
        return new AttributesAnswer(answered(call, given));
    }

    private AttributesAnswer deleteAttributes(EcsCall call) {
        List<EcsAttribute> given = targetedAttributes(call);
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (EcsAttribute attribute : given) {
            byTarget.computeIfAbsent(attribute.targetId(), t -> new ArrayList<>()).add(attribute.name());
        }
        List<AttributeChange> changes = byTarget.entrySet().stream()
                .map(e -> new AttributeChange(e.getKey(), List.of(), e.getValue())).toList();
        instances.changeAttributes(call.cluster(), changes);
        return new AttributesAnswer(answered(call, given));
    }

    /** The attributes as the call sent them, each target as its full ARN (what ListAttributes shows). */
    private List<EcsAttribute> answered(EcsCall call, List<EcsAttribute> given) {
        String cluster = clusters.requireActive(call.cluster()).name();
        return given.stream().map(a -> new EcsAttribute(a.name(), a.value(), TARGET_TYPE,
                arns.containerInstanceId(a.targetId()).map(id -> arns.containerInstance(cluster, id))
                        .orElse(a.targetId()))).toList();
    }

    /** A PutAttributes / DeleteAttributes list: 1–10 attributes, each naming a container instance as its target. */
    private static List<EcsAttribute> targetedAttributes(EcsCall call) {
        List<EcsAttribute> given = attributes(call);
        if (given.isEmpty()) {
            throw EcsError.invalidParameter("attributes can not be empty.");
        }
        if (given.size() > 10) {
            throw EcsError.invalidParameter("attributes can have at most 10 items in one call.");
        }
        for (int i = 0; i < given.size(); i++) {
            EcsAttribute attribute = given.get(i);
            if (attribute == null || attribute.name() == null || attribute.name().isEmpty()) {
                throw EcsError.invalidParameter("attributes[" + i + "].name can not be blank.");
            }
            if (attribute.targetType() != null && !TARGET_TYPE.equals(attribute.targetType())) {
                throw EcsError.invalidParameter("attributes[" + i + "].targetType must be " + TARGET_TYPE
                        + " (got '" + attribute.targetType() + "').");
            }
            if (attribute.targetId() == null || attribute.targetId().isEmpty()) {
                throw EcsError.invalidParameter("attributes[" + i + "].targetId can not be blank: name the "
                        + "container instance (its id or ARN).");
            }
        }
        return given;
    }

    private static List<EcsAttribute> attributes(EcsCall call) {
        EcsAttribute[] given = call.member("attributes", EcsAttribute[].class);
        return given == null ? List.of() : java.util.Arrays.asList(given);
    }

    private AttributesPage listAttributes(EcsCall call) {
        String targetType = call.string("targetType");
        if (!TARGET_TYPE.equals(targetType)) {
            throw EcsError.invalidParameter("targetType must be " + TARGET_TYPE
                    + (targetType == null ? "." : " (got '" + targetType + "')."));
        }
        Page<InstanceAttribute> page = instances.listAttributes(call.cluster(), call.string("attributeName"),
                call.string("attributeValue"), call.maxResults(100), call.string("nextToken"));
        return new AttributesPage(page.items().stream().map(a -> new EcsAttribute(a.name(), a.value(), TARGET_TYPE,
                a.containerInstanceArn())).toList(), page.nextToken());
    }
}
