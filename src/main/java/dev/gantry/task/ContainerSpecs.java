package dev.gantry.task;

import dev.gantry.docker.ContainerSpec;
import dev.gantry.task.LaunchPlan.ContainerPlan;
import dev.gantry.taskdef.NetworkMode;
import dev.gantry.taskdef.PortMapping;
import dev.gantry.taskdef.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a launch plan into Docker container specs. Names are derived from the task id, so a
 * repeated create after a crash hits a name conflict instead of making a second container; labels
 * let the host state be mapped back to tasks (by label only, never by name).
 */
public final class ContainerSpecs {

    public static final String LABEL_CLUSTER = "gantry.cluster";
    public static final String LABEL_TASK_ARN = "gantry.task-arn";
    public static final String LABEL_CONTAINER_NAME = "gantry.container-name";
    public static final String LABEL_TASK_DEFINITION = "gantry.task-definition";
    public static final String LABEL_SERVICE = "gantry.service";
    /** The id of the installation that created the container: nothing else's containers are ever touched. */
    public static final String LABEL_INSTALLATION = "gantry.installation";
    /**
     * When the task's row was created (database time): a container of a task the database does not know that was
     * created after the newest task it does know proves the database went back in time (restored from a backup).
     */
    public static final String LABEL_TASK_CREATED_AT = "gantry.task-created-at";
    /** The lease epoch under which the scheduler launched the task (absent for RunTask): who decided this container. */
    public static final String LABEL_EPOCH = "gantry.epoch";
    /** On task-scoped Docker volumes: the id of the task they belong to. */
    public static final String LABEL_TASK_VOLUME = "gantry.task-volume";

    private ContainerSpecs() {
    }

    public record TaskIdentity(String taskId, String taskArn, String clusterArn, String taskDefinitionArn,
            String serviceName, Long launchEpoch, String installationId, Instant taskCreatedAt) {

        /** Without epoch, installation or creation time: such containers are foreign to every installation. */
        public TaskIdentity(String taskId, String taskArn, String clusterArn, String taskDefinitionArn, String serviceName) {
            this(taskId, taskArn, clusterArn, taskDefinitionArn, serviceName, null, null, null);
        }
    }

    public static String containerName(String taskId, String container) {
        return "gantry-" + taskId + "-" + container;
    }

    /** Multi-container bridge tasks get their own network so containers reach each other by name. */
    public static String taskNetwork(LaunchPlan plan, String taskId) {
        return switch (plan.networkMode()) {
            case HOST -> "host";
            case NONE -> "none";
            case BRIDGE, AWSVPC -> plan.containers().size() > 1 ? "gantry-" + taskId : "bridge";
        };
    }

    public static boolean needsOwnNetwork(LaunchPlan plan) {
        return plan.networkMode() != NetworkMode.HOST && plan.networkMode() != NetworkMode.NONE
                && plan.containers().size() > 1;
    }

    public static Map<String, String> labels(TaskIdentity id, String containerName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_CLUSTER, id.clusterArn());
        labels.put(LABEL_TASK_ARN, id.taskArn());
        labels.put(LABEL_CONTAINER_NAME, containerName);
        labels.put(LABEL_TASK_DEFINITION, id.taskDefinitionArn());
        if (id.serviceName() != null) {
            labels.put(LABEL_SERVICE, id.serviceName());
        }
        if (id.launchEpoch() != null) {
            labels.put(LABEL_EPOCH, String.valueOf(id.launchEpoch()));
        }
        if (id.installationId() != null) {
            labels.put(LABEL_INSTALLATION, id.installationId());
        }
        if (id.taskCreatedAt() != null) {
            labels.put(LABEL_TASK_CREATED_AT, id.taskCreatedAt().toString());
        }
        return labels;
    }

    public static ContainerSpec spec(LaunchPlan plan, ContainerPlan c, TaskIdentity id, ContainerSpec.ImagePullPolicy pull) {
        Map<String, String> labels = new LinkedHashMap<>(c.dockerLabels());
        labels.putAll(labels(id, c.name()));
        String network = taskNetwork(plan, id.taskId());
        boolean bridged = !"host".equals(network) && !"none".equals(network);
        Integer hardMemory = c.memory() != null ? c.memory() : plan.taskMemory();
        long nanoCpus = plan.taskCpu() == null ? 0 : plan.taskCpu() * 1_000_000_000L / 1024;
        return new ContainerSpec(containerName(id.taskId(), c.name()), c.image(), pull, c.entryPoint(), c.command(),
                c.environment(), labels, network, needsOwnNetwork(plan) ? List.of(c.name()) : List.of(),
                bridged ? ports(c) : List.of(), c.cpu(), nanoCpus, hardMemory, c.memoryReservation(),
                health(c.healthCheck()), c.user(), c.workingDirectory(),
                c.ulimits().stream().map(u -> new ContainerSpec.Ulimit(u.name(), u.softLimit(), u.hardLimit())).toList(),
                c.readonlyRootFilesystem(), c.stopTimeout(), mounts(plan, c, id.taskId(), id.installationId()),
                "host".equals(network) ? null : c.hostname(), c.privileged(), onHost(c.runtime(), id.taskId()));
    }

    /** Links and volumesFrom name containers of the task; on the host those are the derived container names. */
    private static ContainerSpec.Runtime onHost(ContainerSpec.Runtime r, String taskId) {
        List<String> links = r.links().stream().map(link -> {
            int colon = link.indexOf(':');
            String target = colon < 0 ? link : link.substring(0, colon);
            String alias = colon < 0 ? link : link.substring(colon + 1);
            return containerName(taskId, target) + ":" + alias;
        }).toList();
        List<ContainerSpec.VolumeFrom> volumesFrom = r.volumesFrom().stream()
                .map(v -> new ContainerSpec.VolumeFrom(containerName(taskId, v.container()), v.readOnly())).toList();
        return new ContainerSpec.Runtime(r.capabilitiesAdd(), r.capabilitiesDrop(), r.securityOptions(),
                r.networkDisabled(), r.pidMode(), r.ipcMode(), r.log(), r.dnsServers(), r.dnsSearchDomains(),
                r.extraHosts(), r.init(), r.sharedMemoryMiB(), r.tmpfs(), r.maxSwapMiB(), r.swappiness(),
                r.interactive(), r.pseudoTerminal(), links, volumesFrom);
    }

    public static String taskVolumeName(String taskId, String volume) {
        return "gantry-" + taskId + "-" + volume;
    }

    /**
     * A task-scoped volume carries {@link #LABEL_TASK_VOLUME} with its task id, so the host cleanup can remove
     * it once no container uses it (ECS: a task volume is removed with the task). Shared volumes outlive tasks.
     */
    private static ContainerSpec.VolumeConfig volumeConfig(ContainerSpec.VolumeConfig declared, String taskId,
            String installationId) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (declared != null && declared.labels() != null) {
            labels.putAll(declared.labels());
        }
        if (taskId != null) {
            labels.put(LABEL_TASK_VOLUME, taskId);
            // a host cleanup must, as the orphan collector does, leave other installations' volumes alone
            if (installationId != null) {
                labels.put(LABEL_INSTALLATION, installationId);
            }
        }
        return new ContainerSpec.VolumeConfig(declared == null ? null : declared.driver(),
                declared == null || declared.driverOptions() == null ? Map.of() : declared.driverOptions(), labels,
                declared != null && declared.mustExist());
    }

    private static List<ContainerSpec.PortBinding> ports(ContainerPlan c) {
        return c.portMappings().stream().map(p -> new ContainerSpec.PortBinding(p.containerPort(),
                p.hostPort() == null || p.hostPort() == 0 ? null : p.hostPort(), wireName(p.protocol()))).toList();
    }

    /** The Docker API's spelling of a protocol ({@code tcp}, {@code udp}). */
    private static String wireName(PortMapping.Protocol protocol) {
        return protocol.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ContainerSpec.HealthCheck health(LaunchPlan.HealthCheck h) {
        return h == null ? null : new ContainerSpec.HealthCheck(h.command(), h.interval(), h.timeout(), h.retries(),
                h.startPeriod());
    }

    private static List<ContainerSpec.Mount> mounts(LaunchPlan plan, ContainerPlan c, String taskId, String installationId) {
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (LaunchPlan.MountPoint m : c.mountPoints()) {
            LaunchPlan.Volume v = plan.volumes().get(m.sourceVolume());
            if (v == null) {
                continue;
            }
            if (v.hostPath() != null) {
                mounts.add(new ContainerSpec.Mount(v.hostPath(), null, m.containerPath(), m.readOnly()));
            } else {
                boolean shared = v.dockerVolume() && v.scope() == Volume.Scope.SHARED;
                String name = shared ? v.name() : taskVolumeName(taskId, v.name());
                mounts.add(new ContainerSpec.Mount(null, name, m.containerPath(), m.readOnly(),
                        volumeConfig(v.config(), shared ? null : taskId, installationId)));
            }
        }
        return mounts;
    }
}
