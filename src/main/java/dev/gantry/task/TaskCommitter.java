package dev.gantry.task;

import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits one placement decision: in one transaction it locks the chosen instance's row, re-checks
 * that the instance still takes tasks and still has the CPU, memory and ports (the snapshot may be
 * stale: another request or replica may have placed there since), inserts the task and recomputes
 * the instance's usage. A decision that no longer fits is refused, never forced; the caller
 * re-places it from a fresh snapshot. This is the per-host optimistic commit of a placement plan.
 */
@Component
public class TaskCommitter {

    public enum Refusal { INSTANCE_GONE, NOT_ACCEPTING, RESOURCE_CPU, RESOURCE_MEMORY, RESOURCE_PORTS }

    private final ContainerInstanceRepository instances;
    private final TaskRepository tasks;
    private final TransactionTemplate tx;

    TaskCommitter(ContainerInstanceRepository instances, TaskRepository tasks, TransactionTemplate tx) {
        this.instances = instances;
        this.tasks = tasks;
        this.tx = tx;
    }

    /** Empty when committed, else why not. {@code fence} runs inside the transaction and may veto (e.g. a lease check). */
    public Optional<Refusal> commit(TaskRepository.NewTask task, java.util.function.BooleanSupplier fence) {
        return tx.execute(status -> {
            Optional<ContainerInstance> locked = instances.lock(task.containerInstanceId());
            if (locked.isEmpty()) {
                return Optional.of(Refusal.INSTANCE_GONE);
            }
            Optional<Refusal> refusal = check(locked.get(), task);
            if (refusal.isPresent() || !fence.getAsBoolean()) {
                status.setRollbackOnly();
                return refusal.isPresent() ? refusal : Optional.of(Refusal.NOT_ACCEPTING);
            }
            tasks.insert(task);
            instances.recomputeUsage(task.containerInstanceId());
            return Optional.<Refusal>empty();
        });
    }

    static Optional<Refusal> check(ContainerInstance i, TaskRepository.NewTask task) {
        if (i.status() != ContainerInstance.Status.ACTIVE || !i.agentConnected()) {
            return Optional.of(Refusal.NOT_ACCEPTING);
        }
        if (i.remainingCpu() < task.cpu()) {
            return Optional.of(Refusal.RESOURCE_CPU);
        }
        if (i.remainingMemory() < task.memory()) {
            return Optional.of(Refusal.RESOURCE_MEMORY);
        }
        Set<Integer> used = new HashSet<>(i.usedTcpPorts());
        Set<Integer> usedUdp = new HashSet<>(i.usedUdpPorts());
        if (task.tcpPorts().stream().anyMatch(used::contains) || task.udpPorts().stream().anyMatch(usedUdp::contains)) {
            return Optional.of(Refusal.RESOURCE_PORTS);
        }
        return Optional.empty();
    }
}
