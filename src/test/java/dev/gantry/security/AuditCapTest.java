package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCapTest {

    private static final AuditEntry BAD_LOGIN = new AuditEntry(null, "10.0.0.9", "basic", "ListClusters", null, null,
            401, AuditOutcome.FAILED_AUTHENTICATION, null);

    @Test
    void theFirstCapOfAWindowAreWrittenTheRestCountedAndSummarisedWhenTheWindowHasPassed() {
        AuditCap window = null;
        int written = 0;
        for (int i = 0; i < 25; i++) {
            AuditCap.Step step = AuditCap.admit(window, 1_000 + i, BAD_LOGIN, 10, 60_000);
            assertThat(step.ended()).isNull();
            written += step.write() ? 1 : 0;
            window = step.window();
        }
        assertThat(written).isEqualTo(10);
        assertThat(window.suppressed()).isEqualTo(15);
        assertThat(window.hasSummary()).isTrue();
        assertThat(window.endedBy(60_999, 60_000)).isFalse();
        assertThat(window.endedBy(61_000, 60_000)).isTrue();

        AuditCap.Step next = AuditCap.admit(window, 61_000, BAD_LOGIN, 10, 60_000);
        assertThat(next.write()).as("a new window writes again").isTrue();
        assertThat(next.ended()).as("the old window's summary is handed back").isSameAs(window);
        assertThat(next.window().suppressed()).isZero();
    }

    @Test
    void aWindowThatSuppressedNothingLeavesNoSummary() {
        AuditCap.Step first = AuditCap.admit(null, 0, BAD_LOGIN, 10, 60_000);
        AuditCap.Step later = AuditCap.admit(first.window(), 120_000, BAD_LOGIN, 10, 60_000);
        assertThat(later.ended()).isNull();
        assertThat(later.write()).isTrue();
    }

    @Test
    void outcomesOfStatuses() {
        assertThat(AuditOutcome.ofStatus(200)).isEqualTo(AuditOutcome.ALLOWED);
        assertThat(AuditOutcome.ofStatus(204)).isEqualTo(AuditOutcome.ALLOWED);
        assertThat(AuditOutcome.ofStatus(400)).isEqualTo(AuditOutcome.REJECTED);
        assertThat(AuditOutcome.ofStatus(404)).isEqualTo(AuditOutcome.REJECTED);
        assertThat(AuditOutcome.ofStatus(401)).isEqualTo(AuditOutcome.FAILED_AUTHENTICATION);
        assertThat(AuditOutcome.ofStatus(403)).isEqualTo(AuditOutcome.DENIED);
        assertThat(AuditOutcome.ofStatus(429)).isEqualTo(AuditOutcome.THROTTLED);
        assertThat(AuditOutcome.ofStatus(503)).isEqualTo(AuditOutcome.ERROR);
        assertThat(AuditOutcome.FAILED_AUTHENTICATION.capped()).isTrue();
        assertThat(AuditOutcome.ALLOWED.capped()).isFalse();
        assertThat(AuditOutcome.ERROR.capped()).isFalse();
    }
}
