package dev.gantry.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one way Gantry makes a connection pool beside the one Spring Boot configures from {@code spring.datasource}:
 * a copy of that pool's settings (URL, credentials, driver properties, every timeout of application.yml) with only
 * its name and size its own, so no pool can miss a timeout that bounds database calls.
 */
public final class Pools {

    private Pools() {
    }

    /**
     * The Hikari pool behind {@code dataSource}: itself, or the requests pool {@link WorkloadDataSource} routes to by
     * default. Null when it is not Hikari's (then nothing can be derived from it).
     */
    public static HikariDataSource hikariBehind(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * A further pool with every setting of {@code main}, named {@code main}'s name + "-" + {@code suffix}. It opens
     * on first use and starts even while the database is down: each borrow then fails within the connection timeout,
     * and the next one tries again, instead of the pool never starting.
     */
    public static HikariDataSource derived(HikariDataSource main, String suffix, int maximumSize, int minimumIdle) {
        HikariDataSource pool = new HikariDataSource();
        main.copyStateTo(pool);
        pool.setPoolName((main.getPoolName() == null ? "gantry" : main.getPoolName()) + "-" + suffix);
        pool.setMaximumPoolSize(maximumSize);
        pool.setMinimumIdle(Math.min(minimumIdle, maximumSize));
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
