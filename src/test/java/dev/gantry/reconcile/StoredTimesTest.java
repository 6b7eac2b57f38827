package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The time rules against stored (database-written) timestamps, and the offset that makes JVM time database time. */
class StoredTimesTest {

    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @ParameterizedTest(name = "started {0}s before now, settle {1}s -> {2}")
    @CsvSource({"0, 2, false", "1, 2, false", "2, 2, true", "3, 2, true", "0, 0, true", "-5, 2, false"})
    void settled(long ranSeconds, long settleSeconds, boolean expected) {
        assertThat(StoredTimes.settled(T0.minusSeconds(ranSeconds), Duration.ofSeconds(settleSeconds), T0)).isEqualTo(expected);
    }

    @Test
    void aTaskThatHasNotStartedIsNeitherSettledNorPastItsGrace() {
        assertThat(StoredTimes.settled(null, Duration.ZERO, T0)).isFalse();
        assertThat(StoredTimes.graceOver(null, 0, T0)).isFalse();
    }

    @ParameterizedTest(name = "started {0}s ago, grace {1}s -> {2}")
    @CsvSource({"0, 30, false", "29, 30, false", "30, 30, true", "31, 30, true", "0, 0, true"})
    void graceOver(long ranSeconds, int grace, boolean expected) {
        assertThat(StoredTimes.graceOver(T0.minusSeconds(ranSeconds), grace, T0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "stopped {0}s ago, delay {1}s -> due {2}")
    @CsvSource({"0, 60, false", "60, 60, false", "61, 60, true"})
    void removalDue(long agoSeconds, long delaySeconds, boolean expected) {
        assertThat(StoredTimes.removalDue(T0.minusSeconds(agoSeconds), Duration.ofSeconds(delaySeconds), T0)).isEqualTo(expected);
    }

    /**
     * The skew the rules must not see: judged with a JVM clock an hour ahead, a task that started a second ago would
     * count as settled and past any grace; with the database-corrected clock it does not.
     */
    @ParameterizedTest(name = "JVM skew {0}s")
    @CsvSource({"3600", "-3600", "0", "7"})
    void theCorrectedClockRemovesTheSkew(long skewSeconds) {
        Instant database = T0;
        Instant jvmBefore = T0.plusSeconds(skewSeconds).minusMillis(2);
        Instant jvmAfter = T0.plusSeconds(skewSeconds).plusMillis(2);
        Duration offset = DatabaseClock.offset(jvmBefore, database, jvmAfter);
        assertThat(offset).isEqualTo(Duration.ofSeconds(-skewSeconds));
        Instant corrected = jvmAfter.plus(offset);
        Instant startedAt = database.minusSeconds(1);
        assertThat(StoredTimes.settled(startedAt, Duration.ofSeconds(20), corrected)).isFalse();
        assertThat(StoredTimes.graceOver(startedAt, 60, corrected)).isFalse();
        if (skewSeconds >= 20) {
            assertThat(StoredTimes.settled(startedAt, Duration.ofSeconds(20), jvmAfter)).as("uncorrected JVM time").isTrue();
        }
    }
}
