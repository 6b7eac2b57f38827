package dev.gantry.postgres;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL Gantry starts inside its own process when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory where the database files live; kept across restarts
 * @param port          0 picks a free port at each start
 */
@ConfigurationProperties("gantry.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("./data") Path dataDirectory, @DefaultValue("0") int port) {
}
