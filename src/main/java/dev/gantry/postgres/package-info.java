/**
 * Runs an embedded PostgreSQL when no external database is configured.
 */
package dev.gantry.postgres;
