package dev.gantry.taskdef;

import dev.gantry.taskdef.ContainerDefinition.ContainerDependency;
import dev.gantry.taskdef.ContainerDefinition.ContainerDependency.Condition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dependsOn and volumesFrom rules:
 * <ul>
 * <li>containerName names another container of the task; condition is required.
 * <li>HEALTHY needs the named container to declare a healthCheck.
 * <li>COMPLETE and SUCCESS may not name an essential container: it would never be allowed to exit.
 * <li>No cycles: the agent could never start any container of the cycle.
 * <li>volumesFrom.sourceContainer names another container of the task.
 * </ul>
 */
final class DependencyRules {

    private final List<ContainerDefinition> containers;
    private final Map<String, ContainerDefinition> byName;
    private final Problems problems;

    DependencyRules(List<ContainerDefinition> containers, Map<String, ContainerDefinition> byName, Problems problems) {
        this.containers = containers;
        this.byName = byName;
        this.problems = problems;
    }

    void check() {
        Map<String, Set<String>> edges = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            if (c == null) {
                continue;
            }
            String path = "containerDefinitions[" + i + "]";
            List<ContainerDependency> deps = c.dependsOn() == null ? List.of() : c.dependsOn();
            for (int j = 0; j < deps.size(); j++) {
                String target = checkDependency(c, deps.get(j), path + ".dependsOn[" + j + "]");
                if (target != null && c.name() != null) {
                    edges.computeIfAbsent(c.name(), k -> new HashSet<>()).add(target);
                }
            }
            List<ContainerDefinition.VolumeFrom> from = c.volumesFrom() == null ? List.of() : c.volumesFrom();
            for (int j = 0; j < from.size(); j++) {
                String source = from.get(j) == null ? null : from.get(j).sourceContainer();
                problems.require(source != null && byName.containsKey(source) && !source.equals(c.name()),
                        path + ".volumesFrom[" + j + "].sourceContainer", "must name another container of this task");
            }
        }
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            if (c != null && c.name() != null && reaches(c.name(), c.name(), edges, new HashSet<>())) {
                problems.add("containerDefinitions[" + i + "].dependsOn",
                        "forms a cycle back to container '" + c.name() + "'");
            }
        }
    }

    /** The target's name when the dependency is valid enough to take part in cycle detection. */
    private String checkDependency(ContainerDefinition c, ContainerDependency dep, String path) {
        String target = dep == null ? null : dep.containerName();
        if (!problems.require(target != null && byName.containsKey(target) && !target.equals(c.name()),
                path + ".containerName", "must name another container of this task")) {
            return null;
        }
        if (!problems.require(dep.condition() != null, path + ".condition",
                "is required: START, COMPLETE, SUCCESS or HEALTHY")) {
            return target;
        }
        ContainerDefinition other = byName.get(target);
        if (dep.condition() == Condition.HEALTHY) {
            problems.require(other.healthCheck() != null, path + ".condition",
                    "HEALTHY needs container '" + target + "' to declare a healthCheck");
        }
        if (dep.condition() == Condition.COMPLETE || dep.condition() == Condition.SUCCESS) {
            problems.require(!other.essentialOrDefault(), path + ".condition", dep.condition()
                    + " cannot be used on essential container '" + target + "'");
        }
        return target;
    }

    private static boolean reaches(String from, String goal, Map<String, Set<String>> edges, Set<String> visited) {
        for (String next : edges.getOrDefault(from, Set.of())) {
            if (next.equals(goal)) {
                return true;
            }
            if (visited.add(next) && reaches(next, goal, edges, visited)) {
                return true;
            }
        }
        return false;
    }
}
