package dev.gantry.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which service tasks to stop when desiredCount drops or a deployment retires old tasks,
 * following ECS's scale-in choice per strategy. Victims are picked one at a time and the
 * counts are updated after each pick, so stopping several keeps the service balanced.
 *
 * <p>Rules, applied as a chain in the order of the service's strategies (each breaks the ties of
 * the one before):
 * <ol>
 *   <li>{@code spread(field)}: stop a task from the field value (AZ, attribute value, instance)
 *       holding the most of the service's tasks.</li>
 *   <li>{@code binpack(cpu|memory)}: stop the task whose instance will have the most of that
 *       resource left once it stops (remaining + the task's reservation).</li>
 *   <li>{@code random}: any candidate, chosen by the seed.</li>
 *   <li>No strategy: spread over {@code attribute:ecs.availability-zone}, then {@code instanceId}.</li>
 *   <li>Remaining ties are broken by the seed, so within an AZ the choice is random.</li>
 * </ol>
 * Only the given candidates are ever chosen (the caller leaves out protected tasks, or passes only
 * the old deployment's tasks), but every task of the service counts towards the balance.
 */
public final class ScaleInSelector {
    private static final long TIE_BREAK_SALT = 0x2545F4914F6CDD1DL;

    private record Candidate(String taskId, int host, int cpu, int memory) {
    }

    public List<String> chooseVictims(ClusterSnapshot snapshot, String serviceName, Collection<String> candidateTaskIds,
                                      List<PlacementStrategy> strategies, int count, long seed) {
        return chooseByKey(snapshot, PlacedTask.countingKey(serviceName, null), candidateTaskIds, strategies, count, seed);
    }

    /** As {@link #chooseVictims}, balancing by a counting key (a service's or a standalone group's). */
    List<String> chooseByKey(ClusterSnapshot snapshot, String countingKey, Collection<String> candidateTaskIds,
                             List<PlacementStrategy> strategies, int count, long seed) {
        List<PlacementStrategy> rules = strategies.isEmpty() ? PlacementStrategy.SERVICE_DEFAULT : strategies;
        SnapshotIndex index = snapshot.index();
        int[] serviceTasks = index.countsByKey(countingKey).clone();
        int[] cpu = index.cpu.clone();
        int[] memory = index.memory.clone();
        List<Candidate> candidates = candidates(index, new HashSet<>(candidateTaskIds));
        Map<String, int[]> perValue = new HashMap<>();
        List<String> victims = new ArrayList<>();
        for (int pick = 0; pick < count && !candidates.isEmpty(); pick++) {
            int best = -1;
            long[] bestKey = null;
            for (int c = 0; c < candidates.size(); c++) {
                long[] key = key(rules, candidates.get(c), c, pick, seed, index, serviceTasks, perValue, cpu, memory);
                if (best < 0 || lexicographicallyLess(key, bestKey)) {
                    best = c;
                    bestKey = key;
                }
            }
            Candidate victim = candidates.remove(best);
            victims.add(victim.taskId());
            release(victim, index, serviceTasks, perValue, cpu, memory);
        }
        return victims;
    }

    private static List<Candidate> candidates(SnapshotIndex index, Set<String> wanted) {
        List<Candidate> found = new ArrayList<>();
        for (int host = 0; host < index.size; host++) {
            for (PlacedTask task : index.hosts[host].tasks()) {
                if (wanted.contains(task.taskId())) {
                    found.add(new Candidate(task.taskId(), host, task.cpu(), task.memory()));
                }
            }
        }
        return found;
    }

    /** Lower is stopped first, so "most" becomes a negated count. */
    private static long[] key(List<PlacementStrategy> rules, Candidate candidate, int position, int pick, long seed,
                              SnapshotIndex index, int[] serviceTasks, Map<String, int[]> perValue, int[] cpu, int[] memory) {
        long[] key = new long[rules.size() + 1];
        for (int r = 0; r < rules.size(); r++) {
            key[r] = switch (rules.get(r)) {
                case PlacementStrategy.Random random -> StrategyChain.randomKey(seed, pick, position);
                case PlacementStrategy.BinPack(PlacementStrategy.Resource resource) -> resource == PlacementStrategy.Resource.CPU
                        ? -(long) (cpu[candidate.host()] + candidate.cpu())
                        : -(long) (memory[candidate.host()] + candidate.memory());
                case PlacementStrategy.Spread spread when spread.byInstance() -> -serviceTasks[candidate.host()];
                case PlacementStrategy.Spread spread -> -valueCounts(spread.attributeName(), index, serviceTasks, perValue)
                        [index.buckets(spread.attributeName()).valueOf()[candidate.host()]];
            };
        }
        key[rules.size()] = StrategyChain.randomKey(seed ^ TIE_BREAK_SALT, pick, position);
        return key;
    }

    private static int[] valueCounts(String attribute, SnapshotIndex index, int[] serviceTasks, Map<String, int[]> perValue) {
        return perValue.computeIfAbsent(attribute, name -> {
            SnapshotIndex.AttributeBuckets buckets = index.buckets(name);
            int[] counts = new int[buckets.valueCount()];
            for (int host = 0; host < index.size; host++) {
                counts[buckets.valueOf()[host]] += serviceTasks[host];
            }
            return counts;
        });
    }

    private static void release(Candidate victim, SnapshotIndex index, int[] serviceTasks, Map<String, int[]> perValue,
                                int[] cpu, int[] memory) {
        serviceTasks[victim.host()]--;
        cpu[victim.host()] += victim.cpu();
        memory[victim.host()] += victim.memory();
        perValue.forEach((attribute, counts) -> counts[index.buckets(attribute).valueOf()[victim.host()]]--);
    }

    private static boolean lexicographicallyLess(long[] candidate, long[] best) {
        for (int r = 0; r < candidate.length; r++) {
            if (candidate[r] != best[r]) {
                return candidate[r] < best[r];
            }
        }
        return false;
    }
}
