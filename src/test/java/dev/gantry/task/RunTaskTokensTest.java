package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expiry rule of RunTask client tokens: a token counts for exactly its ttl, judged by database time. */
class RunTaskTokensTest {

    @ParameterizedTest(name = "created {0}, now {1}, ttl {2} -> expired {3}")
    @CsvSource({
            "2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z, PT24H, false",
            "2026-01-01T00:00:00Z, 2026-01-01T23:59:59.999Z, PT24H, false",
            "2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z, PT24H, true",
            "2026-01-01T00:00:00Z, 2026-01-03T00:00:00Z, PT24H, true",
            // a database clock behind the row's time (a failover to a replica that lags) keeps the token
            "2026-01-01T00:00:00Z, 2025-12-31T23:00:00Z, PT24H, false",
            "2026-01-01T00:00:00Z, 2026-01-01T00:00:01Z, PT1S, true",
    })
    void aTokenExpiresWhenItsTtlHasPassed(Instant created, Instant now, Duration ttl, boolean expired) {
        assertThat(RunTaskTokens.expired(created, now, ttl)).isEqualTo(expired);
    }
}
