package dev.gantry.postgres;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of liveness: the embedded server's postmaster is running. It is DOWN only between the postmaster's death
 * and the supervisor's restart, or for good when restarting fails, so an orchestrator restarts a Gantry whose
 * own database cannot come back. With an external database there is nothing of ours to watch: UP.
 */
@Component("embeddedPostgresHealthIndicator")
class EmbeddedPostgresHealth implements HealthIndicator {

    private final ObjectProvider<EmbeddedPostgresServer> server;

    EmbeddedPostgresHealth(ObjectProvider<EmbeddedPostgresServer> server) {
        this.server = server;
    }

    @Override
    public Health health() {
        EmbeddedPostgresServer postgres = server.getIfAvailable();
        if (postgres == null) {
            return Health.up().withDetail("database", "external").build();
        }
        Health.Builder health = postgres.running() ? Health.up() : Health.down();
        health.withDetail("pid", postgres.postmasterPid()).withDetail("restarts", postgres.restarts());
        postgres.lastRestartFailure().ifPresent(f -> health.withDetail("lastRestartFailure", f));
        return health.build();
    }
}
