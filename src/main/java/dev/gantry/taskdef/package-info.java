/**
 * Task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
 * ListTaskDefinitionFamilies and DeregisterTaskDefinition, with ECS's validation rules.
 *
 * <p>Owns the {@code task_definition_family} and {@code task_definition} tables. Revisions are
 * immutable once registered; only their status moves ACTIVE → INACTIVE. Other features read them
 * only through {@link dev.gantry.taskdef.TaskDefinitionManagement} ({@code resolve},
 * {@code resolveActiveForLaunch}, {@code findById}) and the public records {@link dev.gantry.taskdef.TaskDefinition}
 * and {@link dev.gantry.taskdef.ContainerDefinition}. Depends on {@code api}, {@code shared} and the
 * {@code cluster} Tag value.
 */
@ApplicationModule(allowedDependencies = {"api", "cluster", "shared"})
package dev.gantry.taskdef;

import org.springframework.modulith.ApplicationModule;
