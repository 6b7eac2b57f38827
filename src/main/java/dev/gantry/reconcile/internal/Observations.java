package dev.gantry.reconcile.internal;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.shared.Arns;
import dev.gantry.task.TaskContainer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure mapping from what Docker reports to what ECS reports: container lastStatus, exit code,
 * reason, health, network bindings; task health from essential containers only.
 */
public final class Observations {

    public static final String OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";

    private Observations() {
    }

    public record ContainerState(String lastStatus, Integer exitCode, String reason, String health,
            List<TaskContainer.NetworkBinding> bindings, String runtimeId, String imageId) {
    }

    public static ContainerState of(ContainerObservation o) {
        String status = o.running() ? "RUNNING" : o.finished() ? "STOPPED" : "PENDING";
        String reason = o.oomKilled() ? OOM_REASON : (o.error() == null || o.error().isBlank() ? null : o.error());
        List<TaskContainer.NetworkBinding> bindings = o.bindings() == null ? List.of() : o.bindings().stream()
                .map(b -> new TaskContainer.NetworkBinding(b.hostIp() == null || b.hostIp().isBlank() ? "0.0.0.0" : b.hostIp(),
                        b.containerPort(), b.hostPort(), b.protocol()))
                .distinct().toList();
        return new ContainerState(status, o.finished() ? o.exitCode() : null, reason, health(o.health()), bindings, o.id(), o.imageId());
    }

    public static String health(String dockerHealth) {
        if (dockerHealth == null) {
            return "UNKNOWN";
        }
        return switch (dockerHealth) {
            case "healthy" -> "HEALTHY";
            case "unhealthy" -> "UNHEALTHY";
            default -> "UNKNOWN";
        };
    }

    /** True when the observation differs from what is stored for the container (or nothing is stored). */
    public static boolean changed(TaskContainer stored, ContainerState observed) {
        if (stored == null) {
            return true;
        }
        return !observed.lastStatus().equals(stored.lastStatus())
                || !java.util.Objects.equals(observed.exitCode(), stored.exitCode())
                || !observed.health().equals(stored.healthStatus())
                || !java.util.Objects.equals(observed.runtimeId(), stored.runtimeId())
                || ("RUNNING".equals(observed.lastStatus()) && !observed.bindings().equals(stored.networkBindings()))
                || (observed.reason() != null && !observed.reason().equals(stored.reason()))
                || (stored.imageDigest() == null && observed.imageId() != null);
    }

    /** ECS: any essential UNHEALTHY → UNHEALTHY, else any essential UNKNOWN → UNKNOWN, else HEALTHY. */
    public static String taskHealth(Collection<TaskContainer> containers, Map<String, String> healthByName) {
        boolean unknown = false;
        for (TaskContainer c : containers) {
            if (!c.essential()) {
                continue;
            }
            String h = healthByName.getOrDefault(c.name(), c.healthStatus());
            if ("UNHEALTHY".equals(h)) {
                return "UNHEALTHY";
            }
            unknown |= !"HEALTHY".equals(h);
        }
        return unknown ? "UNKNOWN" : "HEALTHY";
    }

    /** The first essential container that has exited or vanished, if any. */
    public static Optional<String> exitedEssential(Collection<TaskContainer> containers, Map<String, ContainerState> observed) {
        for (TaskContainer c : containers) {
            if (!c.essential()) {
                continue;
            }
            ContainerState s = observed.get(c.name());
            if (s == null || "STOPPED".equals(s.lastStatus())) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }

    /** The task id at the end of a task ARN label. */
    public static String taskIdOf(String taskArn) {
        return Arns.idIn(taskArn);
    }
}
