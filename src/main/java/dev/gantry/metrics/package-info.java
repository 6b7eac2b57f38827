/**
 * Gantry's own meters (Micrometer, scraped at {@code /actuator/prometheus}). State gauges come from
 * periodic aggregate queries ({@link dev.gantry.metrics.StateGauges}); counters and timers are
 * recorded where things happen, through {@link dev.gantry.metrics.SchedulerMetrics} and the task
 * event listener. Tags are bounded: cluster and service names, host (container instance), status
 * values, stop codes and placement reasons; never task ids.
 */
package dev.gantry.metrics;
