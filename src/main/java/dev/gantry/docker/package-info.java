/**
 * The port to Docker engines (DockerHost and its domain types) and its two adapters: docker-java for real engines, and an in-memory simulated engine for scale benchmarks and dry runs.
 */
@ApplicationModule(allowedDependencies = {})
package dev.gantry.docker;

import org.springframework.modulith.ApplicationModule;
