package dev.gantry.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one clock for comparisons with stored times. Every timestamp Gantry stores is written by the database
 * ({@code now()}), so "has this task run for the settle time", "is the removal delay over", "has the throttle
 * passed" must be judged by the database's clock too: a replica whose own clock is ahead would otherwise skip settle
 * times and grace periods, and one that is behind would throttle for as long as it is behind. This clock is the
 * JVM's (the {@link Clock} bean) plus the offset to {@code clock_timestamp()}, measured at start and then every
 * {@code gantry.clock.measure-interval} (half the round trip is the error bound: a local query takes milliseconds).
 * Decisions still take time as an input; callers pass {@link #now()} in.
 */
@Component
public class DatabaseClock {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);
    /** An offset larger than this is worth a warning: NTP keeps healthy machines within milliseconds. */
    static final Duration NOTABLE_SKEW = Duration.ofSeconds(2);

    private final Clock base;
    private final JdbcClient jdbc;
    private final LoopHealth loops;
    private volatile Duration offset;

    DatabaseClock(Clock base, JdbcClient jdbc, LoopHealth loops,
            @Value("${gantry.clock.measure-interval:30s}") Duration interval) {
        this.base = base;
        this.jdbc = jdbc;
        this.loops = loops;
        loops.register("clock-offset", interval);
    }

    /** Database time, to compare with stored timestamps. */
    public Instant now() {
        Duration o = offset;
        if (o == null) {
            measure();
            o = offset == null ? Duration.ZERO : offset;
        }
        return base.instant().plus(o);
    }

    /** The same time as a {@link Clock}, for code that takes one. */
    public Clock asClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    /** The last measured offset of the database's clock from the JVM's (positive: the database is ahead). */
    public Duration offset() {
        return offset == null ? Duration.ZERO : offset;
    }

    @Scheduled(fixedDelayString = "${gantry.clock.measure-interval:30s}", initialDelay = 0)
    void supervisedMeasure() {
        loops.pass("clock-offset", this::measure);
    }

    void measure() {
        try {
            Instant before = base.instant();
            Instant db = jdbc.sql("SELECT clock_timestamp()").query(java.sql.Timestamp.class).single().toInstant();
            Instant after = base.instant();
            Duration measured = offset(before, db, after);
            Duration previous = offset;
            offset = measured;
            if (measured.abs().compareTo(NOTABLE_SKEW) > 0
                    && (previous == null || previous.minus(measured).abs().compareTo(NOTABLE_SKEW) > 0)) {
                log.warn("This replica's clock is {} ms {} the database's; comparisons with stored times use the database's",
                        measured.abs().toMillis(), measured.isNegative() ? "ahead of" : "behind");
            }
        } catch (RuntimeException e) {
            // keep the last offset: the skew of a clock does not change while the database is briefly away
            log.debug("Could not measure the database clock offset: {}", e.toString());
        }
    }

    /** Database time minus the JVM time at the middle of the round trip that read it. Pure. */
    static Duration offset(Instant before, Instant database, Instant after) {
        Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
        return Duration.between(middle, database);
    }
}
