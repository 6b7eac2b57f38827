package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of {@link HostLoops}' rules (see its Javadoc): when a subscription is renewed, when a host is re-listed. */
class HostLoopsRulesTest {

    @Test
    void theHeartbeatsVerdictsRenewTheSubscriptionAndNothingElseDoes() {
        record Case(String what, boolean renews) {
        }
        for (Case c : List.of(new Case("disconnected", true), new Case("reconnected", true), new Case("registered", false),
                new Case("drained", false), new Case("lost", false), new Case("attributes", false))) {
            assertThat(HostLoops.renewsSubscription(c.what())).as(c.what()).isEqualTo(c.renews());
        }
    }

    /** Rule 6: only clusters led now and not before get their hosts passed. */
    @Test
    void onlyNewlyLedClustersAreGained() {
        assertThat(HostLoops.newlyLed(java.util.Set.of(), java.util.Set.of(1L, 2L))).containsExactlyInAnyOrder(1L, 2L);
        assertThat(HostLoops.newlyLed(java.util.Set.of(1L), java.util.Set.of(1L, 2L))).containsExactly(2L);
        assertThat(HostLoops.newlyLed(java.util.Set.of(1L, 2L), java.util.Set.of(1L))).isEmpty();
        assertThat(HostLoops.newlyLed(java.util.Set.of(1L), java.util.Set.of(1L))).isEmpty();
    }

    /** Rule 4: a host without a stream is listed at least every second; a pass asking for sooner keeps its own. */
    @Test
    void aHostWithoutAStreamIsRequeuedNoLaterThanTheLimit() {
        Duration limit = HostLoops.WITHOUT_STREAM;
        assertThat(HostLoops.sooner(Reconciler.Outcome.done(), limit)).isEqualTo(Reconciler.Outcome.after(limit));
        assertThat(HostLoops.sooner(Reconciler.Outcome.after(Duration.ofSeconds(30)), limit)).isEqualTo(Reconciler.Outcome.after(limit));
        assertThat(HostLoops.sooner(Reconciler.Outcome.after(Duration.ofMillis(200)), limit))
                .isEqualTo(Reconciler.Outcome.after(Duration.ofMillis(200)));
        assertThat(HostLoops.sooner(Reconciler.Outcome.after(limit), limit)).isEqualTo(Reconciler.Outcome.after(limit));
    }
}
