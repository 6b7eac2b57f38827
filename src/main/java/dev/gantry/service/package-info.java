/**
 * Services and deployments: the API, persistence, events in ECS wording, and the pure rollout arithmetic (ServiceDiff, RolloutMath). The scheduler loops that act on them live in reconcile.
 */
@ApplicationModule(allowedDependencies = {"api", "cluster", "placement", "shared", "task", "taskdef"})
package dev.gantry.service;

import org.springframework.modulith.ApplicationModule;
