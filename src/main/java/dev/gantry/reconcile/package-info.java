/**
 * The level-triggered loops: per-host task reconciliation, the service scheduler, heartbeats, the reaper and the per-cluster lease. Each loop talks to the others only through the database and after-commit wake-ups.
 */
@ApplicationModule(allowedDependencies = {"cluster", "docker", "instance", "metrics", "placement", "postgres", "service", "shared", "task", "taskdef"})
package dev.gantry.reconcile;

import org.springframework.modulith.ApplicationModule;
