/**
 * Task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
 * ListTaskDefinitionFamilies, DeregisterTaskDefinition and DeleteTaskDefinitions, with ECS's validation rules; a
 * definition registered as JSON through the ECS API is kept as sent and echoed ({@link dev.gantry.taskdef.EchoedMembers}).
 *
 * <p>Owns the {@code task_definition_family} and {@code task_definition} tables. Revisions are
 * immutable once registered; only their status moves ACTIVE → INACTIVE → DELETE_IN_PROGRESS, after which a
 * revision nothing refers to is removed. Other features read them
 * only through {@link dev.gantry.taskdef.TaskDefinitionManagement} ({@code resolve},
 * {@code resolveActiveForLaunch}, {@code findById}) and the public records {@link dev.gantry.taskdef.TaskDefinition}
 * and {@link dev.gantry.taskdef.ContainerDefinition}. Depends on {@code api}, {@code shared} and the
 * {@code cluster} Tag value.
 */
@ApplicationModule(allowedDependencies = {"api", "cluster", "shared"})
package dev.gantry.taskdef;

import org.springframework.modulith.ApplicationModule;
