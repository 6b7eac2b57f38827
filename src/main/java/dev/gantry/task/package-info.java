/**
 * Tasks: RunTask/StartTask (placement and the per-host commit), StopTask, Describe/List, container logs, the task lifecycle and its repository. Launch plans are read from registered task definitions.
 */
@ApplicationModule(allowedDependencies = {"api", "cluster", "docker", "instance", "metrics", "placement", "shared", "taskdef"})
package dev.gantry.task;

import org.springframework.modulith.ApplicationModule;
