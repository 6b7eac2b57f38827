package dev.gantry.task;

import java.util.Optional;

/**
 * What this module must know of services: their names, for labels, logs, the placement snapshot and ListTasks'
 * serviceName filter. The service module answers it (it owns the service table); declared here and implemented
 * there, so the dependency runs one way (service on task). Read through {@link ServiceNames}, which caches.
 */
public interface ServiceDirectory {

    /** The name of the service with this id, in any status; empty if there is none. */
    Optional<String> nameOf(long serviceId);

    /** The newest service of that name in the cluster, in any status; empty if there is none. */
    Optional<Long> newestIdNamed(long clusterId, String name);
}
