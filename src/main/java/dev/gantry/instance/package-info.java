/**
 * Container instances, i.e. registered Docker engines: registration against the engine itself, state (ACTIVE/DRAINING/INACTIVE), attributes, derived remaining resources, and the cluster snapshot placement works on. Depends on cluster, docker, placement (for the query language).
 */
@ApplicationModule(allowedDependencies = {"api", "cluster", "docker", "placement", "shared", "taskdef"})
package dev.gantry.instance;

import org.springframework.modulith.ApplicationModule;
