package dev.gantry.taskdef;

import dev.gantry.api.ApiException;
import dev.gantry.cluster.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a RegisterTaskDefinition request against the rules ECS applies for EC2/EXTERNAL, and the
 * limits of Gantry's Docker hosts. Pure: it collects every problem with the JSON path of the
 * offending member and throws one ClientException listing them all.
 *
 * <p>Rules (the tests cite them by these names):
 * <ul>
 * <li>family: 1–255 letters, digits, {@code _} and {@code -}.
 * <li>containers: 1–10 with unique names, at least one essential (see {@link ContainerValidator}).
 * <li>networkMode: awsvpc is refused; Gantry has no ENIs to give a task.
 * <li>cpu/memory: parsed by {@link ResourceSize}; cpu 128–196608 units, memory at least 6 MiB.
 * <li>requiresCompatibilities: FARGATE and MANAGED_INSTANCES are refused.
 * <li>placementConstraints: memberOf only, at most 10, expression 1–2000 characters.
 * <li>pidMode/ipcMode: {@code task} is refused (no shared namespace container); host and none are applied.
 * <li>volumes: unique names; host and dockerVolumeConfiguration exclusive; autoprovision needs shared scope.
 * <li>tags: at most 50, key 1–128 characters not starting with {@code aws:}, value at most 256.
 * </ul>
 */
final class TaskDefinitionValidator {

    static final int MAX_CONTAINERS = 10;
    static final int MIN_TASK_CPU = 128;
    static final int MAX_TASK_CPU = 196_608;
    static final int MIN_MEMORY_MIB = 6;

    private TaskDefinitionValidator() {
    }

    /** Throws one ClientException naming every problem, if there is any. */
    static void validate(RegisterTaskDefinitionRequest request) {
        List<ApiException.FieldProblem> problems = problemsIn(request);
        if (!problems.isEmpty()) {
            throw ApiException.clientErrors(problems);
        }
    }

    /** Every problem of the request, in member order; empty when it is valid. */
    static List<ApiException.FieldProblem> problemsIn(RegisterTaskDefinitionRequest request) {
        Problems problems = new Problems();
        problems.require(request.family() != null && request.family().matches(TaskDefinitionReference.FAMILY_PATTERN),
                "family", "must be 1-255 letters, digits, hyphens and underscores");
        problems.require(request.networkMode() != NetworkMode.AWSVPC, "networkMode",
                "awsvpc is not supported on Gantry; use bridge, host or none");
        Integer cpu = parse(request.cpu(), true, problems);
        Integer memory = parse(request.memory(), false, problems);
        checkCompatibilities(request.requiresCompatibilities(), problems);
        // "task" shares one namespace among the task's containers through a pause container, which Gantry does
        // not run; refusing it beats giving each container its own namespace while echoing "task".
        problems.require(request.pidMode() != RegisterTaskDefinitionRequest.PidMode.TASK, "pidMode",
                "task is not supported on Gantry (no shared task namespace); use host or leave it unset");
        problems.require(request.ipcMode() != RegisterTaskDefinitionRequest.IpcMode.TASK, "ipcMode",
                "task is not supported on Gantry (no shared task namespace); use host, none or leave it unset");
        checkPlacementConstraints(request.placementConstraints(), problems);
        Set<String> volumeNames = checkVolumes(request.volumes(), problems);
        checkTags(request.tags(), problems);
        List<ContainerDefinition> containers = request.containerDefinitions();
        if (problems.require(containers != null && !containers.isEmpty(), "containerDefinitions",
                "must list at least one container")) {
            problems.require(containers.size() <= MAX_CONTAINERS, "containerDefinitions",
                    "must have at most " + MAX_CONTAINERS + " containers");
            new ContainerValidator(containers, request.networkModeOrDefault(), cpu, memory, volumeNames, problems)
                    .validate();
        }
        return problems.all();
    }

    private static Integer parse(String value, boolean isCpu, Problems problems) {
        if (value == null) {
            return null;
        }
        String field = isCpu ? "cpu" : "memory";
        try {
            int parsed = isCpu ? ResourceSize.cpuUnits(value) : ResourceSize.memoryMiB(value);
            if (isCpu) {
                problems.range(parsed, MIN_TASK_CPU, MAX_TASK_CPU, field);
            } else {
                problems.require(parsed >= MIN_MEMORY_MIB, field, "must be at least " + MIN_MEMORY_MIB + " MiB");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
            return null;
        }
    }

    private static void checkCompatibilities(List<Compatibility> compatibilities, Problems problems) {
        if (compatibilities == null) {
            return;
        }
        for (int i = 0; i < compatibilities.size(); i++) {
            Compatibility c = compatibilities.get(i);
            problems.require(c == Compatibility.EC2 || c == Compatibility.EXTERNAL,
                    "requiresCompatibilities[" + i + "]", c + " is not supported on Gantry; use EC2 or EXTERNAL");
        }
    }

    private static void checkPlacementConstraints(List<PlacementConstraint> constraints, Problems problems) {
        problems.maxSize(constraints, 10, "placementConstraints");
        if (constraints == null) {
            return;
        }
        for (int i = 0; i < constraints.size(); i++) {
            String path = "placementConstraints[" + i + "]";
            PlacementConstraint c = constraints.get(i);
            problems.require(c != null && c.type() != null, path + ".type", "must be memberOf");
            String expression = c == null ? null : c.expression();
            problems.require(expression != null && !expression.isBlank() && expression.length() <= 2000,
                    path + ".expression", "must be 1-2000 characters");
        }
    }

    private static Set<String> checkVolumes(List<Volume> volumes, Problems problems) {
        Set<String> names = new HashSet<>();
        if (volumes == null) {
            return names;
        }
        for (int i = 0; i < volumes.size(); i++) {
            String path = "volumes[" + i + "]";
            Volume v = volumes.get(i);
            if (!problems.require(v != null && v.name() != null && v.name().matches("[A-Za-z0-9_-]{1,255}"),
                    path + ".name", "must be 1-255 letters, digits, hyphens and underscores")) {
                continue;
            }
            problems.require(names.add(v.name()), path + ".name", "duplicates volume '" + v.name() + "'");
            problems.require(v.host() == null || v.dockerVolumeConfiguration() == null, path,
                    "must set host or dockerVolumeConfiguration, not both");
            Volume.DockerVolumeConfiguration docker = v.dockerVolumeConfiguration();
            if (docker != null) {
                ContainerValidator.checkReservedLabels(docker.labels(), path + ".dockerVolumeConfiguration.labels", problems);
            }
            if (docker != null && Boolean.TRUE.equals(docker.autoprovision())) {
                problems.require(docker.scope() == Volume.Scope.SHARED, path + ".dockerVolumeConfiguration.autoprovision",
                        "is only allowed with scope shared");
            }
            if (v.host() != null && v.host().sourcePath() != null) {
                problems.require(v.host().sourcePath().startsWith("/"), path + ".host.sourcePath",
                        "must be an absolute path");
            }
        }
        return names;
    }

    private static void checkTags(List<Tag> tags, Problems problems) {
        problems.maxSize(tags, 50, "tags");
        if (tags == null) {
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            String key = tag == null ? null : tag.key();
            problems.require(key != null && !key.isEmpty() && key.length() <= 128, "tags[" + i + "].key",
                    "must be 1-128 characters");
            problems.require(key == null || !key.startsWith("aws:"), "tags[" + i + "].key",
                    "must not start with the reserved prefix aws:");
            problems.require(tag != null && tag.value() != null && tag.value().length() <= 256,
                    "tags[" + i + "].value", "must be 0-256 characters");
        }
    }
}
