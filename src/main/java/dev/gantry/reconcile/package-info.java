/**
 * The level-triggered loops: per-host task reconciliation, the service scheduler, heartbeats, the reaper and the per-cluster lease. Each loop talks to the others only through the database and after-commit wake-ups.
 */
package dev.gantry.reconcile;
