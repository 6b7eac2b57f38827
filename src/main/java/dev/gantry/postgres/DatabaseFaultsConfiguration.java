package dev.gantry.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Database calls that are bounded where they must be, and unbounded only where they must not be. */
@Configuration(proxyBeanMethods = false)
class DatabaseFaultsConfiguration {

    /** Replaces Spring Boot's {@code db} indicator (same name, so readiness keeps its component). */
    @Bean
    DatabaseHealth dbHealthIndicator(DataSource dataSource,
            @Value("${gantry.database.health-timeout:3s}") Duration budget) {
        return new DatabaseHealth(dataSource, budget);
    }

    /**
     * Migrations get connections of their own without the socket and statement timeouts meant for requests and
     * loops: an index built over a large table may rightly take minutes, and a socket timeout mid-migration
     * would stop Gantry from starting after an upgrade.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutRequestTimeouts(DataSource dataSource) {
        return configuration -> {
            HikariDataSource main = Pools.hikariBehind(dataSource);
            if (main == null) {
                return;
            }
            Properties properties = new Properties();
            properties.putAll(main.getDataSourceProperties());
            properties.remove("socketTimeout");
            properties.remove("options");
            if (main.getUsername() != null) {
                properties.setProperty("user", main.getUsername());
            }
            if (main.getPassword() != null) {
                properties.setProperty("password", main.getPassword());
            }
            SimpleDriverDataSource migrations = new SimpleDriverDataSource(new org.postgresql.Driver(), main.getJdbcUrl());
            migrations.setConnectionProperties(properties);
            configuration.dataSource(migrations);
        };
    }
}
