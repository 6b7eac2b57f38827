/**
 * Task placement: decides which container instance runs each task Gantry launches (RunTask,
 * StartTask checks, service replicas, daemon tasks, replacements), which service tasks to stop on
 * scale-in, and which tasks to move when a rebalancing spread is asked for.
 *
 * <p>The package is <b>pure</b>: it depends on the JDK, RE2/J and the shared error contract
 * ({@link dev.gantry.shared.InvalidInput}, which its input exceptions implement) only — no Spring, no JDBC, no
 * docker-java, no other Gantry module (an allow-list enforced by {@code PlacementArchitectureTest}; the module
 * boundary by {@code ModuleStructureTest}). The caller builds an
 * immutable {@link dev.gantry.placement.ClusterSnapshot}, calls
 * {@link dev.gantry.placement.PlacementEngine#place}, and applies and commits the returned
 * {@link dev.gantry.placement.PlacementPlan} itself. Given the same snapshot, request and seed the
 * result is always the same.
 *
 * <p>Behaviour follows ECS's placement (feasibility, constraints, strategies, the cluster query language);
 * see {@code docs/design/placement.md} for the
 * pipeline order, the query language grammar and the extensions ({@code maxPerInstance},
 * rebalancing spread).
 */
@ApplicationModule(allowedDependencies = {"shared"})
package dev.gantry.placement;

import org.springframework.modulith.ApplicationModule;
