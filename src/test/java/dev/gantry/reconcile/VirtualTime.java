package dev.gantry.reconcile;

import dev.gantry.docker.sim.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Virtual time for scenario tests: one instant that only moves when a step says so, read by the simulated engines,
 * by the JVM's {@link Clock} bean (optionally skewed from it) and by the database. The database side is the real
 * PostgreSQL running the real SQL: only its {@code now()} and {@code clock_timestamp()} are the virtual instant,
 * because the schema {@value #SCHEMA} defines functions of those names and stands before {@code pg_catalog} in the
 * connections' {@code search_path} (PostgreSQL searches {@code pg_catalog} first only when it is not named in the
 * path). The schema is made right after the migrations ({@link #install}), which also re-points the columns'
 * {@code DEFAULT now()} at it. Nothing of this is in the application's configuration: the test's configuration and
 * properties ({@link #connectionOptions()}) put it there.
 */
final class VirtualTime {

    static final String SCHEMA = "virtual_clock";
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock engines = new MutableClock(START);
    private volatile Duration jvmSkew = Duration.ZERO;

    /** The replica's clock: virtual time plus the skew a scenario injects. */
    private final Clock jvm = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return engines.instant().plus(jvmSkew);
        }
    };

    Clock jvmClock() {
        return jvm;
    }

    /** The engines' (and the database's) clock: virtual time without the replica's skew. */
    Clock engineClock() {
        return engines;
    }

    Instant now() {
        return engines.instant();
    }

    void skewJvm(Duration skew) {
        jvmSkew = skew;
    }

    /** Moves the virtual instant for everyone: engines and JVM at once, then the database. */
    void advance(Duration by, JdbcClient jdbc) {
        engines.advance(by);
        jdbc.sql("UPDATE " + SCHEMA + ".instant SET at = :t").param("t", Timestamp.from(engines.instant())).update();
    }

    /**
     * Makes the database read virtual time, once its migrations have run: the schema and its two functions, and every
     * column default {@code now()} re-pointed at the virtual one (Flyway migrates with a search path of its own, so
     * the defaults were bound to {@code pg_catalog.now()}).
     */
    void install(DataSource dataSource) {
        List<String> statements = List.of(
                "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
                "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".instant (at timestamptz NOT NULL)",
                "DELETE FROM " + SCHEMA + ".instant",
                "INSERT INTO " + SCHEMA + ".instant VALUES (timestamptz '" + engines.instant() + "')",
                "CREATE OR REPLACE FUNCTION " + SCHEMA + ".now() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT at FROM "
                        + SCHEMA + ".instant $$",
                "CREATE OR REPLACE FUNCTION " + SCHEMA + ".clock_timestamp() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$ "
                        + "SELECT at FROM " + SCHEMA + ".instant $$",
                // SCHEMA, spelled out: the block is one literal
                """
                DO $$ DECLARE c record; BEGIN
                  FOR c IN SELECT table_name, column_name FROM information_schema.columns
                           WHERE table_schema = 'public' AND column_default = 'now()' LOOP
                    EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I SET DEFAULT virtual_clock.now()',
                                   c.table_name, c.column_name);
                  END LOOP;
                END $$""");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not install virtual database time", e);
        }
    }

    /** The connection option that puts the virtual functions before pg_catalog's (application.yml's options kept). */
    static String connectionOptions() {
        return "-c statement_timeout=4s -c idle_in_transaction_session_timeout=15s -c search_path=public," + SCHEMA
                + ",pg_catalog";
    }
}
