/**
 * Runs an embedded PostgreSQL when no external database is configured.
 */
@ApplicationModule(allowedDependencies = {})
package dev.gantry.postgres;

import org.springframework.modulith.ApplicationModule;
