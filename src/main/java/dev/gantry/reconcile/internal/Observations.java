package dev.gantry.reconcile.internal;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.shared.Arns;
import dev.gantry.task.TaskContainer;
import dev.gantry.task.TaskLifecycle.ContainerStatus;
import dev.gantry.task.TaskLifecycle.HealthStatus;
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

    public record ContainerState(ContainerStatus lastStatus, Integer exitCode, String reason, HealthStatus health,
            List<TaskContainer.NetworkBinding> bindings, String runtimeId, String imageId) {
    }

    public static ContainerState of(ContainerObservation o) {
        ContainerStatus status = o.running() ? ContainerStatus.RUNNING
                : o.finished() ? ContainerStatus.STOPPED : ContainerStatus.PENDING;
        String reason = o.oomKilled() ? OOM_REASON : (o.error() == null || o.error().isBlank() ? null : o.error());
        List<TaskContainer.NetworkBinding> bindings = o.bindings() == null ? List.of() : o.bindings().stream()
                .map(b -> new TaskContainer.NetworkBinding(b.hostIp() == null || b.hostIp().isBlank() ? "0.0.0.0" : b.hostIp(),
                        b.containerPort(), b.hostPort(), b.protocol()))
                .distinct().toList();
        return new ContainerState(status, o.finished() ? o.exitCode() : null, reason, health(o.health()), bindings, o.id(), o.imageId());
    }

    /** Docker's health ({@code starting}, {@code healthy}, {@code unhealthy}; none without a check) as ECS shows it. */
    public static HealthStatus health(String dockerHealth) {
        if (dockerHealth == null) {
            return HealthStatus.UNKNOWN;
        }
        return switch (dockerHealth) {
            case "healthy" -> HealthStatus.HEALTHY;
            case "unhealthy" -> HealthStatus.UNHEALTHY;
            default -> HealthStatus.UNKNOWN;
        };
    }

    /** True when the observation differs from what is stored for the container (or nothing is stored). */
    public static boolean changed(TaskContainer stored, ContainerState observed) {
        if (stored == null) {
            return true;
        }
        return observed.lastStatus() != stored.lastStatus()
                || !java.util.Objects.equals(observed.exitCode(), stored.exitCode())
                || observed.health() != stored.healthStatus()
                || !java.util.Objects.equals(observed.runtimeId(), stored.runtimeId())
                || (observed.lastStatus() == ContainerStatus.RUNNING && !observed.bindings().equals(stored.networkBindings()))
                || (observed.reason() != null && !observed.reason().equals(stored.reason()))
                || (stored.imageDigest() == null && observed.imageId() != null);
    }

    /** ECS: any essential UNHEALTHY → UNHEALTHY, else any essential UNKNOWN → UNKNOWN, else HEALTHY. */
    public static HealthStatus taskHealth(Collection<TaskContainer> containers, Map<String, HealthStatus> healthByName) {
        boolean unknown = false;
        for (TaskContainer c : containers) {
            if (!c.essential()) {
                continue;
            }
            HealthStatus h = healthByName.getOrDefault(c.name(), c.healthStatus());
            if (h == HealthStatus.UNHEALTHY) {
                return HealthStatus.UNHEALTHY;
            }
            unknown |= h != HealthStatus.HEALTHY;
        }
        return unknown ? HealthStatus.UNKNOWN : HealthStatus.HEALTHY;
    }

    /** The first essential container that has exited or vanished, if any. */
    public static Optional<String> exitedEssential(Collection<TaskContainer> containers, Map<String, ContainerState> observed) {
        for (TaskContainer c : containers) {
            if (!c.essential()) {
                continue;
            }
            ContainerState s = observed.get(c.name());
            if (s == null || s.lastStatus() == ContainerStatus.STOPPED) {
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
