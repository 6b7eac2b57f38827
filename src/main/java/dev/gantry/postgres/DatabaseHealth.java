package dev.gantry.postgres;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} component of readiness, within a time budget: Spring Boot's own indicator checks each pool of
 * {@link WorkloadDataSource} in turn, each bounded only by the pool's and the driver's timeouts, so a black-holed
 * database kept readiness answering for tens of seconds. This one checks the pool API requests use (what readiness
 * is about) and answers DOWN when that does not succeed within {@code gantry.database.health-timeout}.
 */
final class DatabaseHealth implements HealthIndicator {

    private final DataSource dataSource;
    private final Duration budget;

    DatabaseHealth(DataSource dataSource, Duration budget) {
        this.dataSource = dataSource;
        this.budget = budget;
    }

    @Override
    public Health health() {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::valid,
                command -> Thread.ofVirtual().name("gantry-db-health").start(command));
        try {
            return check.get(budget.toMillis(), TimeUnit.MILLISECONDS) ? Health.up().build()
                    : Health.down().withDetail("reason", "connection not valid").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "no answer within " + budget).build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("reason", String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private boolean valid() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, budget.toSeconds()));
        } catch (java.sql.SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
