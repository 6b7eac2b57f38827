package dev.gantry.instance;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ClusterId;
import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.cluster.ClusterManagement.ActiveCluster;
import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.HostInfo;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.Ids;
import dev.gantry.shared.Randomness;
import dev.gantry.shared.SecretBox;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** RegisterContainerInstance, Describe/List, UpdateContainerInstancesState, PutAttributes, Deregister. */
@Component
public class InstanceManagement {

    private static final Logger log = LoggerFactory.getLogger(InstanceManagement.class);

    /** Stored value of a name-only (capability) attribute; shown without a value. */
    static final String NAME_ONLY = "";

    private final ClusterManagement clusters;
    private final ContainerInstanceRepository instances;
    private final InstanceTaskCounts taskCounts;
    private final InstanceDockerHosts hosts;
    private final InstanceProperties properties;
    private final SecretBox secrets;
    private final Arns arns;
    private final ApplicationEventPublisher events;
    private final InstanceFilter filter;
    private final dev.gantry.cluster.ClusterDirectory clusterNames;
    private final Randomness randomness;

    InstanceManagement(ClusterManagement clusters, ContainerInstanceRepository instances, InstanceTaskCounts taskCounts,
            InstanceDockerHosts hosts, InstanceProperties properties, SecretBox secrets, GantryProperties gantry,
            ApplicationEventPublisher events, InstanceFilter filter, dev.gantry.cluster.ClusterDirectory clusterNames,
            Randomness randomness) {
        this.randomness = randomness;
        this.clusters = clusters;
        this.instances = instances;
        this.taskCounts = taskCounts;
        this.hosts = hosts;
        this.properties = properties;
        this.secrets = secrets;
        this.arns = gantry.arns();
        this.events = events;
        this.filter = filter;
        this.clusterNames = clusterNames;
    }

    /**
     * Registration asks the engine itself for its identity and size; an engine that cannot be
     * reached is refused, and the same engine (by Docker ID) is never registered twice.
     */
    @Transactional
    public ContainerInstanceView registerContainerInstance(String clusterRef, RegisterContainerInstanceRequest request) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        var tls = request.tls();
        DockerEndpoint endpoint = new DockerEndpoint(request.dockerEndpoint(), tls == null ? null : tls.caCertificate(),
                tls == null ? null : tls.clientCertificate(), tls == null ? null : tls.clientKey());
        if (tls != null && !request.dockerEndpoint().startsWith("tcp://")) {
            throw ApiException.invalidParameter("tls", "mutual TLS applies only to tcp:// endpoints");
        }
        HostInfo info = describeEngine(endpoint);
        instances.findLiveByEngine(info.engineId()).ifPresent(existing -> {
            throw ApiException.conflict("ClientException", "This Docker engine (ID " + info.engineId()
                    + ") is already registered as " + arns.containerInstance(clusterNames.name(existing.clusterId()),
                    existing.id()) + ".");
        });
        String id = randomness.newId();
        int memory = (int) Math.max(0, info.memoryBytes() / (1024 * 1024) - properties.reservedMemoryMiB());
        try {
            instances.insert(new ContainerInstanceRepository.NewInstance(id, cluster.id(), endpoint.uri(),
                    endpoint.caPem(), endpoint.certPem(), tls == null ? null : secrets.seal(tls.clientKey()),
                    info.engineId(), info.name(), info.serverVersion(), info.cpus() * 1024, memory,
                    reservedTcpPorts(), List.copyOf(new TreeSet<>(properties.reservedUdpPorts())),
                    attributes(info, request)));
            instances.setTags(id, Tags.merged(List.of(), request.tags()));
        } catch (DuplicateKeyException raced) {
            throw ApiException.conflict("ClientException", "This Docker engine (ID " + info.engineId() + ") is already registered.");
        }
        log.info("Registered container instance {} in cluster {}: {} (engine {}, {} CPU units, {} MiB)",
                id, cluster.name(), endpoint, info.name(), info.cpus() * 1024, memory);
        events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(cluster.id()), new InstanceId(id), "registered"));
        return view(cluster, instances.findById(id).orElseThrow());
    }

    private HostInfo describeEngine(DockerEndpoint endpoint) {
        try (DockerHost host = hosts.openUnregistered(endpoint)) {
            return host.describe();
        } catch (DockerHostException e) {
            throw ApiException.client("dockerEndpoint", "The Docker engine at " + endpoint.uri()
                    + " cannot be reached: " + e.getMessage());
        } catch (RuntimeException e) {
            throw ApiException.client("dockerEndpoint", "The Docker engine at " + endpoint.uri()
                    + " did not answer as a Docker engine: " + e.getClass().getSimpleName());
        }
    }

    private List<Integer> reservedTcpPorts() {
        Set<Integer> ports = new TreeSet<>(InstanceProperties.ECS_RESERVED_PORTS);
        ports.addAll(properties.reservedPorts());
        return List.copyOf(ports);
    }

    private static Map<String, String> attributes(HostInfo info, RegisterContainerInstanceRequest request) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ecs.os-type", info.osType());
        attributes.put("ecs.os-family", "windows".equals(info.osType()) ? "WINDOWS_SERVER" : "LINUX");
        attributes.put("ecs.cpu-architecture", info.architecture());
        if (request.availabilityZone() != null) {
            attributes.put("ecs.availability-zone", request.availabilityZone());
        }
        attributes.put("ecs.capability.external", NAME_ONLY);
        dev.gantry.taskdef.RequiredAttributes.ALL.forEach(name -> attributes.put(name, NAME_ONLY));
        attributes.put("com.amazonaws.ecs.capability.docker-remote-api." + info.apiVersion(), NAME_ONLY);
        attributes.put("gantry.docker.version", info.serverVersion());
        attributes.put("gantry.docker.engine-id", info.engineId().replaceAll("[^A-Za-z0-9\\-_.@/:]", "-"));
        attributes.put("gantry.docker.name", info.name());
        if (request.attributes() != null) {
            for (Attribute a : request.attributes()) {
                requireCustom(a.name(), "attributes");
                attributes.put(a.name(), a.value() == null ? NAME_ONLY : a.value());
            }
        }
        return attributes;
    }

    private static void requireCustom(String name, String field) {
        if (ContainerInstance.isBuiltInAttribute(name)) {
            throw ApiException.invalidParameter(field, "attribute " + name
                    + " is reported by Gantry; custom attributes may not start with ecs., com.amazonaws.ecs. or gantry.");
        }
    }

    @Transactional(readOnly = true)
    public ContainerInstanceView describeContainerInstance(String clusterRef, String instanceRef) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        return view(cluster, require(cluster, instanceRef));
    }

    /** Without a status every instance but INACTIVE ones, as ECS lists them; {@code filter} is the cluster query language. */
    @Transactional(readOnly = true)
    public Page<ContainerInstanceView> listContainerInstances(String clusterRef, String status, String filterExpression,
            Integer maxResults, String nextToken) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        Keyset keyset = Keyset.of(maxResults, nextToken);
        String after = keyset.afterOr("");
        Set<ContainerInstance.Status> statuses = status == null
                ? EnumSet.complementOf(EnumSet.of(ContainerInstance.Status.INACTIVE))
                : EnumSet.of(parseListStatus(status));
        Predicate<ContainerInstance> matches = filterExpression == null || filterExpression.isBlank()
                ? i -> true : filter.compile(filterExpression, cluster.id());
        List<ContainerInstance> all = instances.listByCluster(cluster.id(), statuses)
                .stream().filter(i -> i.id().compareTo(after) > 0).filter(matches).toList();
        return keyset.page(all, ContainerInstance::id, shown -> shown.stream().map(i -> view(cluster, i)).toList());
    }

    private static ContainerInstance.Status parseListStatus(String status) {
        try {
            ContainerInstance.Status s = ContainerInstance.Status.valueOf(status);
            if (s != ContainerInstance.Status.INACTIVE) {
                return s;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiException.invalidParameter("status",
                "must be one of ACTIVE, DRAINING, REGISTERING, DEREGISTERING, REGISTRATION_FAILED");
    }

    /** Only ACTIVE ↔ DRAINING, and only from ACTIVE or DRAINING, as ECS allows. */
    @Transactional
    public ContainerInstanceView updateContainerInstanceState(String clusterRef, String instanceRef,
            ContainerInstance.Status target, Long expectedVersion) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        ContainerInstance instance = require(cluster, instanceRef);
        checkVersion(instance, expectedVersion);
        if (target != ContainerInstance.Status.ACTIVE && target != ContainerInstance.Status.DRAINING) {
            throw ApiException.invalidParameter("status", "must be ACTIVE or DRAINING");
        }
        if (instance.status() != ContainerInstance.Status.ACTIVE && instance.status() != ContainerInstance.Status.DRAINING) {
            throw ApiException.conflict("InvalidParameterException", "Container instance is " + instance.status()
                    + "; only ACTIVE or DRAINING instances change state.");
        }
        InstanceId id = new InstanceId(instance.id());
        if (instance.status() != target && !instances.updateStatus(id, instance.version(), target, null)) {
            throw ApiException.staleVersion(instances.findById(instance.id()).orElseThrow().version());
        }
        events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(cluster.id()), id, target.name().toLowerCase()));
        return view(cluster, instances.findById(instance.id()).orElseThrow());
    }

    /** PutAttributes / DeleteAttributes for custom attributes (at most 10 per instance). */
    @Transactional
    public ContainerInstanceView putAttributes(String clusterRef, String instanceRef, List<Attribute> put,
            List<String> delete, Long expectedVersion) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        ContainerInstance instance = require(cluster, instanceRef);
        checkVersion(instance, expectedVersion);
        Map<String, String> attributes = new LinkedHashMap<>(instance.attributes());
        for (String name : delete) {
            requireCustom(name, "delete");
            attributes.remove(name);
        }
        for (Attribute a : put) {
            requireCustom(a.name(), "attributes");
            attributes.put(a.name(), a.value() == null ? NAME_ONLY : a.value());
        }
        long custom = attributes.keySet().stream().filter(n -> !ContainerInstance.isBuiltInAttribute(n)).count();
        if (custom > 10) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "AttributeLimitExceededException",
                    "A container instance may have at most 10 custom attributes; this would make " + custom + ".",
                    List.of(new ApiException.FieldProblem("attributes", "at most 10 custom attributes per instance")));
        }
        InstanceId id = new InstanceId(instance.id());
        if (!instances.updateAttributes(id, instance.version(), attributes)) {
            throw ApiException.staleVersion(instances.findById(instance.id()).orElseThrow().version());
        }
        events.publishEvent(new InstanceEvents.InstanceChanged(new ClusterId(cluster.id()), id, "attributes"));
        return view(cluster, instances.findById(instance.id()).orElseThrow());
    }

    /** One target's share of a PutAttributes / DeleteAttributes call: the instance reference and its changes. */
    public record AttributeChange(String containerInstance, List<Attribute> put, List<String> delete) {
    }

    /**
     * PutAttributes / DeleteAttributes over several instances at once, all or nothing: every target must be an
     * instance of the cluster that is not INACTIVE (else TargetNotFoundException naming it), and each keeps its
     * limit of 10 custom attributes (AttributeLimitExceededException), as one ECS call is refused whole.
     */
    @Transactional
    public List<ContainerInstanceView> changeAttributes(String clusterRef, List<AttributeChange> changes) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        List<ContainerInstanceView> changed = new ArrayList<>();
        for (AttributeChange change : changes) {
            ContainerInstance target = requireTarget(cluster, change.containerInstance());
            changed.add(putAttributes(cluster.name(), target.id(), change.put(), change.delete(), null));
        }
        return changed;
    }

    private ContainerInstance requireTarget(ActiveCluster cluster, String reference) {
        return arns.containerInstanceId(reference)
                .flatMap(id -> instances.find(new ClusterId(cluster.id()), new InstanceId(id)))
                .filter(i -> i.status() != ContainerInstance.Status.INACTIVE)
                .orElseThrow(() -> ApiException.notFound("TargetNotFoundException", "Could not find " + reference
                        + ": no container instance of cluster " + cluster.name() + " has this id or ARN."));
    }

    /** One attribute of one instance, as ListAttributes returns it. */
    public record InstanceAttribute(String containerInstanceArn, String name, String value) {
    }

    /**
     * ListAttributes: every attribute (built-in and custom) of the cluster's instances that are not INACTIVE, by
     * instance id then name, optionally only those with {@code name} (and then {@code value}).
     */
    @Transactional(readOnly = true)
    public Page<InstanceAttribute> listAttributes(String clusterRef, String name, String value, Integer maxResults,
            String nextToken) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        if (value != null && name == null) {
            throw ApiException.invalidParameter("attributeValue", "can be used only with attributeName");
        }
        Keyset keyset = Keyset.of(maxResults, nextToken);
        // a position is the 32-character instance id followed by the attribute name: ids have a fixed length
        String after = keyset.afterOr("");
        List<Row> rows = new ArrayList<>();
        for (ContainerInstance instance : instances.listByCluster(cluster.id(),
                EnumSet.complementOf(EnumSet.of(ContainerInstance.Status.INACTIVE)))) {
            instance.attributes().forEach((attribute, stored) -> {
                String shown = NAME_ONLY.equals(stored) ? null : stored;
                Row row = new Row(instance.id(), attribute, shown);
                if ((name == null || name.equals(attribute)) && (value == null || value.equals(shown))
                        && row.position().compareTo(after) > 0) {
                    rows.add(row);
                }
            });
        }
        rows.sort(java.util.Comparator.comparing(Row::position));
        return keyset.page(rows, Row::position, shown -> shown.stream()
                .map(r -> new InstanceAttribute(arns.containerInstance(cluster.name(), r.instanceId()), r.name(),
                        r.value())).toList());
    }

    /** A ListAttributes row; its position sorts by instance, then name (ids have one length, so no separator). */
    private record Row(String instanceId, String name, String value) {
        String position() {
            return instanceId + name;
        }
    }

    /**
     * Refused while tasks are still meant to run there, unless {@code force}: then the instance
     * goes INACTIVE and its tasks are marked STOPPED so services replace them; their containers
     * are left on the host, which Gantry no longer manages (ECS's orphaning). The task module stops them on
     * {@link InstanceEvents.InstanceDeregistering}, in this transaction, like any other stop (one writer of the
     * STOPPED transition, the usage released with it, a TaskStopped event per task once the whole deregistration
     * committed).
     */
    @Transactional
    public ContainerInstanceView deregisterContainerInstance(String clusterRef, String instanceRef, boolean force) {
        ActiveCluster cluster = clusters.requireActive(clusterRef);
        ContainerInstance instance = require(cluster, instanceRef);
        if (instance.status() == ContainerInstance.Status.INACTIVE) {
            return view(cluster, instance);
        }
        int live = taskCounts.liveTasks(instance.id());
        if (live > 0 && !force) {
            throw ApiException.conflict("InvalidParameterException", "The container instance has " + live
                    + " tasks that are not stopped; stop them first or deregister with force=true.");
        }
        InstanceId id = new InstanceId(instance.id());
        ClusterId clusterId = new ClusterId(cluster.id());
        events.publishEvent(new InstanceEvents.InstanceDeregistering(clusterId, id,
                "Container instance was deregistered; its containers were left on the host"));
        if (!instances.updateStatus(id, instance.version(), ContainerInstance.Status.INACTIVE,
                force && live > 0 ? "Deregistered with force while " + live + " tasks were running" : null)) {
            throw ApiException.staleVersion(instances.findById(instance.id()).orElseThrow().version());
        }
        hosts.forget(instance.id());
        events.publishEvent(new InstanceEvents.InstanceChanged(clusterId, id, "deregistered"));
        return view(cluster, instances.findById(instance.id()).orElseThrow());
    }

    /** ListTagsForResource of a container instance (any status) in an ACTIVE cluster; ResourceNotFoundException else. */
    @Transactional(readOnly = true)
    public List<Tag> listTags(String clusterRef, String instanceRef) {
        return Tags.list(tagStore(), requireForTags(clusters.requireActive(clusterRef), instanceRef));
    }

    /** TagResource: adds tags, replacing the values of keys it already has (at most 50 in all). */
    @Transactional
    public List<Tag> tagContainerInstance(String clusterRef, String instanceRef, List<Tag> added) {
        return Tags.tag(tagStore(), requireForTags(clusters.requireActive(clusterRef), instanceRef), added);
    }

    /** UntagResource: removes the tags of these keys (keys it does not have are ignored). */
    @Transactional
    public List<Tag> untagContainerInstance(String clusterRef, String instanceRef, List<String> keys) {
        return Tags.untag(tagStore(), requireForTags(clusters.requireActive(clusterRef), instanceRef), keys);
    }

    private Tags.Store<String> tagStore() {
        return Tags.Store.of(instances::tags, instances::setTags);
    }

    private String requireForTags(ActiveCluster cluster, String reference) {
        InstanceId id = arns.containerInstanceId(reference).map(InstanceId::new).orElseThrow(() ->
                ApiException.invalidParameter("resourceArn", "must be a container instance ARN"));
        return instances.find(new ClusterId(cluster.id()), id).map(ContainerInstance::id)
                .orElseThrow(ApiException::resourceNotFound);
    }

    ContainerInstance require(ActiveCluster cluster, String reference) {
        InstanceId id = arns.containerInstanceId(reference).map(InstanceId::new).orElseThrow(() ->
                ApiException.invalidParameter("containerInstance", "must be a 32-character container instance id or its ARN"));
        return instances.find(new ClusterId(cluster.id()), id).orElseThrow(() -> ApiException.notFound("InvalidParameterException",
                "Container instance " + id + " not found in cluster " + cluster.name() + "."));
    }

    private static void checkVersion(ContainerInstance instance, Long expected) {
        if (expected != null && expected != instance.version()) {
            throw ApiException.staleVersion(instance.version());
        }
    }

    ContainerInstanceView view(ActiveCluster cluster, ContainerInstance i) {
        InstanceTaskCounts.Counts counts = taskCounts.counts(i.id());
        List<Attribute> attributes = new ArrayList<>();
        i.attributes().forEach((k, v) -> attributes.add(new Attribute(k, NAME_ONLY.equals(v) ? null : v)));
        List<Integer> usedTcp = i.usedTcpPorts().stream().distinct().sorted().toList();
        List<Integer> usedUdp = i.usedUdpPorts().stream().distinct().sorted().toList();
        return new ContainerInstanceView(arns.containerInstance(cluster.name(), i.id()), i.id(), i.version(),
                new ContainerInstanceView.VersionInfo("gantry-" + Ids.class.getPackage().getImplementationVersion(), null,
                        "DockerVersion: " + i.dockerVersion()),
                List.of(ContainerInstanceView.Resource.integer("CPU", i.remainingCpu()),
                        ContainerInstanceView.Resource.integer("MEMORY", i.remainingMemory()),
                        ContainerInstanceView.Resource.ports("PORTS", usedTcp),
                        ContainerInstanceView.Resource.ports("PORTS_UDP", usedUdp)),
                List.of(ContainerInstanceView.Resource.integer("CPU", i.registeredCpu()),
                        ContainerInstanceView.Resource.integer("MEMORY", i.registeredMemory()),
                        ContainerInstanceView.Resource.ports("PORTS", i.reservedTcpPorts()),
                        ContainerInstanceView.Resource.ports("PORTS_UDP", i.reservedUdpPorts())),
                i.status().name(), i.statusReason(), i.agentConnected(), counts.running(), counts.pending(),
                attributes, i.registeredAt(), i.dockerEndpoint(), i.tls(), instances.tags(i.id(), false).orElse(List.of()));
    }
}
