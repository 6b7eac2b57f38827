package dev.gantry.reconcile;

import dev.gantry.docker.sim.MutableClock;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Virtual time for scenario tests: one instant that only moves when a step says so, read by the simulated engines,
 * by the JVM's {@link Clock} bean (optionally skewed from it) and by the database. The database side is the real
 * PostgreSQL running the real SQL: only its {@code now()} and {@code clock_timestamp()} are the virtual instant,
 * because the schema {@value #SCHEMA} defines functions of those names and stands before {@code pg_catalog} in the
 * connections' {@code search_path} (PostgreSQL searches {@code pg_catalog} first only when it is not named in the
 * path). The schema is made by Flyway's init SQL before the migrations run, so the columns' {@code DEFAULT now()}
 * bind to the virtual clock too. Nothing of this is in the application's configuration: the test's properties
 * ({@link #properties()}) put it there.
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

    /** The test properties that make the database read virtual time (see the class comment). */
    static String[] properties() {
        List<String> init = List.of(
                "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
                "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".instant (at timestamptz NOT NULL)",
                "INSERT INTO " + SCHEMA + ".instant SELECT timestamptz '" + Timestamp.from(START).toInstant()
                        + "' WHERE NOT EXISTS (SELECT 1 FROM " + SCHEMA + ".instant)",
                "CREATE OR REPLACE FUNCTION " + SCHEMA + ".now() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT at FROM "
                        + SCHEMA + ".instant $$",
                "CREATE OR REPLACE FUNCTION " + SCHEMA + ".clock_timestamp() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$ "
                        + "SELECT at FROM " + SCHEMA + ".instant $$");
        String[] properties = new String[init.size() + 1];
        for (int i = 0; i < init.size(); i++) {
            properties[i] = "spring.flyway.init-sqls[" + i + "]=" + init.get(i);
        }
        // application.yml's options, plus the search path that puts the virtual functions before pg_catalog's
        properties[init.size()] = "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=4s "
                + "-c idle_in_transaction_session_timeout=15s -c search_path=public," + SCHEMA + ",pg_catalog";
        return properties;
    }
}
