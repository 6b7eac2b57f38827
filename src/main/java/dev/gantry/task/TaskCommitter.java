package dev.gantry.task;

import dev.gantry.instance.ContainerInstance;
import dev.gantry.instance.ContainerInstanceRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits placement decisions: in one transaction it locks the chosen instances' rows (in id
 * order), re-checks that each instance still takes tasks and still has the CPU, memory and ports
 * for the decisions in order (the snapshot may be stale: another request or replica may have placed
 * there since), inserts the tasks that fit in one batch and writes the instances' new usage. A
 * decision that no longer fits is refused, never forced; the caller re-places it from a fresh
 * snapshot. {@code fence} runs inside the transaction and may veto the whole commit; the scheduler's
 * launches run the whole commit inside {@code reconcile.LeaseFence}, which checks the lease last, at commit.
 * This is the per-host optimistic commit of a placement plan.
 */
@Component
public class TaskCommitter {

    public enum Refusal { INSTANCE_GONE, NOT_ACCEPTING, RESOURCE_CPU, RESOURCE_MEMORY, RESOURCE_PORTS, FENCED }

    private final ContainerInstanceRepository instances;
    private final TaskRepository tasks;
    private final TransactionTemplate tx;

    TaskCommitter(ContainerInstanceRepository instances, TaskRepository tasks, TransactionTemplate tx) {
        this.instances = instances;
        this.tasks = tasks;
        this.tx = tx;
    }

    /** Per decision, in order: empty when committed, else why not. */
    public List<Optional<Refusal>> commitAll(List<TaskRepository.NewTask> batch, BooleanSupplier fence) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return tx.execute(status -> {
            Set<String> ids = new LinkedHashSet<>();
            batch.forEach(t -> ids.add(t.containerInstanceId().value()));
            Map<String, Capacity> capacity = new HashMap<>();
            instances.lockAll(ids).forEach(i -> capacity.put(i.id(), new Capacity(i)));
            if (!fence.getAsBoolean()) {
                status.setRollbackOnly();
                return batch.stream().map(t -> Optional.of(Refusal.FENCED)).toList();
            }
            List<Optional<Refusal>> results = new ArrayList<>();
            List<TaskRepository.NewTask> accepted = new ArrayList<>();
            for (TaskRepository.NewTask t : batch) {
                Capacity c = capacity.get(t.containerInstanceId().value());
                Optional<Refusal> refusal = c == null ? Optional.of(Refusal.INSTANCE_GONE) : c.take(t);
                results.add(refusal);
                if (refusal.isEmpty()) {
                    accepted.add(t);
                }
            }
            tasks.insertAll(accepted);
            // the rows are locked and every other writer of usage recomputes it from the tasks, so what the
            // batch took can be written directly: one batched statement, however many hosts the batch touched
            Set<String> touched = new LinkedHashSet<>();
            accepted.forEach(t -> touched.add(t.containerInstanceId().value()));
            instances.writeUsage(touched.stream().map(id -> capacity.get(id).usage()).toList());
            return results;
        });
    }

    /** What an instance still has while decisions of one batch are applied to it in order. */
    private static final class Capacity {
        private final ContainerInstance instance;
        private int cpu;
        private int memory;
        private final Set<Integer> tcp;
        private final Set<Integer> udp;

        Capacity(ContainerInstance instance) {
            this.instance = instance;
            this.cpu = instance.remainingCpu();
            this.memory = instance.remainingMemory();
            this.tcp = new LinkedHashSet<>(instance.usedTcpPorts());
            this.udp = new LinkedHashSet<>(instance.usedUdpPorts());
        }

        ContainerInstanceRepository.Usage usage() {
            return new ContainerInstanceRepository.Usage(instance.id(), cpu, memory, List.copyOf(tcp), List.copyOf(udp));
        }

        Optional<Refusal> take(TaskRepository.NewTask task) {
            if (instance.status() != ContainerInstance.Status.ACTIVE || !instance.agentConnected()) {
                return Optional.of(Refusal.NOT_ACCEPTING);
            }
            if (cpu < task.cpu()) {
                return Optional.of(Refusal.RESOURCE_CPU);
            }
            if (memory < task.memory()) {
                return Optional.of(Refusal.RESOURCE_MEMORY);
            }
            if (task.tcpPorts().stream().anyMatch(tcp::contains) || task.udpPorts().stream().anyMatch(udp::contains)) {
                return Optional.of(Refusal.RESOURCE_PORTS);
            }
            cpu -= task.cpu();
            memory -= task.memory();
            tcp.addAll(task.tcpPorts());
            udp.addAll(task.udpPorts());
            return Optional.empty();
        }
    }
}
