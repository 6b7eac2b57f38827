package dev.gantry.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * A connection pool per {@link BackgroundWork.Workload} over the one database: the configured pool for API
 * requests, and two more of the same settings for the service scheduler ({@code gantry.scheduler-pool-size})
 * and host work ({@code gantry.background-pool-size}). A thousand host loops and ten thousand launches each
 * wanting a connection would otherwise form a queue that every API request and every placement joins at the
 * back: under load, creating a service took a second and a placement commit many.
 */
public final class WorkloadDataSource extends AbstractRoutingDataSource implements Closeable {

    private final HikariDataSource scheduler;
    private final HikariDataSource hosts;
    private final DataSource requests;

    private WorkloadDataSource(DataSource requests, HikariDataSource scheduler, HikariDataSource hosts) {
        this.requests = requests;
        this.scheduler = scheduler;
        this.hosts = hosts;
        setTargetDataSources(Map.of(BackgroundWork.Workload.REQUESTS, requests, BackgroundWork.Workload.SCHEDULER, scheduler,
                BackgroundWork.Workload.HOSTS, hosts));
        setDefaultTargetDataSource(requests);
        setLenientFallback(false);
        afterPropertiesSet();
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return BackgroundWork.current();
    }

    /** The pool the current thread's workload draws from (for checks of its settings). */
    HikariDataSource currentPool() {
        return (HikariDataSource) determineTargetDataSource();
    }

    @Override
    public void close() {
        scheduler.close();
        hosts.close();
        if (requests instanceof HikariDataSource pool) {
            pool.close();
        }
    }

    /** Wraps the application's Hikari pool, once Spring Boot has bound its settings. */
    static final class Wrapper implements BeanPostProcessor, Ordered {

        private final Environment environment;

        Wrapper(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof HikariDataSource main)) {
                return bean;
            }
            Binder binder = Binder.get(environment);
            return new WorkloadDataSource(main,
                    Pools.derived(main, "scheduler", binder.bind("gantry.scheduler-pool-size", Integer.class).orElse(8), 2),
                    Pools.derived(main, "hosts", binder.bind("gantry.background-pool-size", Integer.class).orElse(10), 2));
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : requests.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || requests.isWrapperFor(iface);
    }
}
