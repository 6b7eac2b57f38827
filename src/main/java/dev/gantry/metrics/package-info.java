/**
 * Gantry's own meters (Micrometer, scraped at {@code /actuator/prometheus}): the recorder the scheduling code
 * calls where things happen ({@link dev.gantry.metrics.SchedulerMetrics}). The state gauges and the task-event
 * meters live with the loops that own their refresh ({@code reconcile}). Tags are bounded: cluster and service
 * names, host (container instance), status values, stop codes and placement reasons; never task ids.
 */
@ApplicationModule(allowedDependencies = {"cluster", "placement", "shared"})
package dev.gantry.metrics;

import org.springframework.modulith.ApplicationModule;
