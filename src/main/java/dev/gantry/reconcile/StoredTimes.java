package dev.gantry.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * The time rules that compare a stored timestamp (written by the database) with now. Pure; {@code now} must be
 * database time ({@link DatabaseClock#now()}), never the JVM's own clock.
 */
final class StoredTimes {

    private StoredTimes() {
    }

    /** A task has run for the settle time (a task without a health check then counts as healthy). */
    static boolean settled(Instant startedAt, Duration settleTime, Instant now) {
        return startedAt != null && !startedAt.plus(settleTime).isAfter(now);
    }

    /** The service's health-check grace period after the task started is over. */
    static boolean graceOver(Instant startedAt, int graceSeconds, Instant now) {
        return startedAt != null && !startedAt.plusSeconds(graceSeconds).isAfter(now);
    }

    /** An exited container of a STOPPED task may be removed: the removal delay after the stop is over. */
    static boolean removalDue(Instant stoppedAt, Duration removalDelay, Instant now) {
        return stoppedAt != null && stoppedAt.plus(removalDelay).isBefore(now);
    }
}
