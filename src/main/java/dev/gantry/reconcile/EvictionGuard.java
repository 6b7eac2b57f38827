package dev.gantry.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides how many hosts of one cluster may be declared lost now. Pure: every input is passed in, time included
 * (database time, so that a replica's clock cannot shorten a grace period).
 *
 * <p>The rule is Kubernetes' node lifecycle controller's: a leader that suddenly cannot reach most of a cluster is
 * far more likely to be cut off itself than to be watching most of the fleet die at once, and evicting then stops
 * every task of the cluster for nothing. So:
 * <ul>
 *   <li>right after this replica took the cluster over, nothing is declared lost before {@code failoverGrace}
 *       (Nomad's failover heartbeat TTL: hosts had no chance to answer the new leader yet);</li>
 *   <li>when at least {@code unhealthyThreshold} of the cluster's hosts (and at least {@code minUnreachable} of them)
 *       are unreachable at once, evictions are suspended — in a large cluster that is only partly disrupted they
 *       continue at the secondary rate, as in Kubernetes;</li>
 *   <li>otherwise hosts are declared lost one at a time, at most {@code evictionRate} per second.</li>
 * </ul>
 */
public final class EvictionGuard {

    private EvictionGuard() {
    }

    public enum State {
        /** Few hosts unreachable: evict at the normal rate. */
        NORMAL,
        /** A large cluster partly unreachable: evict at the secondary rate. */
        PARTIAL_DISRUPTION,
        /** Too many hosts unreachable at once (or all of them): no host is declared lost. */
        SUSPENDED,
        /** This replica took the cluster over less than the failover grace ago. */
        FAILOVER_GRACE
    }

    /**
     * @param state     the cluster's state
     * @param evictNow  how many of the candidate hosts to declare lost in this round (0 or 1: the bucket holds one)
     * @param reason    why, in words an operator can act on
     */
    public record Decision(State state, int evictNow, String reason) {

        public boolean suspended() {
            return state == State.SUSPENDED;
        }
    }

    /**
     * @param totalHosts     the cluster's live hosts (ACTIVE and DRAINING)
     * @param unreachable    of them, those whose agent is disconnected now
     * @param candidates     of them, those disconnected for longer than the loss timeout
     * @param lastEviction   when this replica last declared a host of the cluster lost, or null
     * @param leadingSince   when this replica took the cluster's lease (database time), or null if unknown
     * @param now            database time
     */
    public static Decision decide(int totalHosts, int unreachable, int candidates, Instant lastEviction,
            Instant leadingSince, Instant now, Duration failoverGrace, EvictionProperties settings) {
        if (leadingSince != null && now.isBefore(leadingSince.plus(failoverGrace))) {
            return new Decision(State.FAILOVER_GRACE, 0, "took the cluster over at " + leadingSince
                    + "; no host is declared lost before " + leadingSince.plus(failoverGrace));
        }
        String share = unreachable + " of " + totalHosts + " container instances are unreachable";
        boolean disrupted = totalHosts > 0 && unreachable >= settings.minUnreachable()
                && unreachable >= settings.unhealthyThreshold() * totalHosts;
        double rate;
        State state;
        if (!disrupted) {
            state = State.NORMAL;
            rate = settings.evictionRate();
        } else if (unreachable < totalHosts && totalHosts > settings.largeClusterSize()) {
            state = State.PARTIAL_DISRUPTION;
            rate = settings.secondaryEvictionRate();
        } else {
            return new Decision(State.SUSPENDED, 0, share + " at once (threshold " + percent(settings.unhealthyThreshold())
                    + "): more likely this control plane is cut off than the hosts are gone, so none is declared lost");
        }
        if (candidates <= 0 || rate <= 0) {
            return new Decision(state, 0, share);
        }
        Duration spacing = Duration.ofNanos((long) Math.min(Long.MAX_VALUE, 1e9 / rate));
        boolean tokenAvailable = lastEviction == null || !now.isBefore(lastEviction.plus(spacing));
        return new Decision(state, tokenAvailable ? 1 : 0, share + (tokenAvailable ? ""
                : "; next host-loss declaration not before " + lastEviction.plus(spacing)));
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }
}
