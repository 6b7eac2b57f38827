package dev.gantry.postgres;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL Gantry starts inside its own process when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory     where the database files live; kept across restarts
 * @param port              0 picks a free port at the first start (kept while Gantry runs)
 * @param durable           fsync, synchronous commit and full-page writes on: an acknowledged write survives a crash
 *                          of Gantry, PostgreSQL or the machine. Only throw-away test databases turn it off
 * @param superviseInterval how often Gantry checks that the server's postmaster is alive (and restarts it if not)
 */
@ConfigurationProperties("gantry.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("./data") Path dataDirectory, @DefaultValue("0") int port,
        @DefaultValue("true") boolean durable, @DefaultValue("1s") Duration superviseInterval) {
}
