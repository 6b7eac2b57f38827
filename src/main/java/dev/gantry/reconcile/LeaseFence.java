package dev.gantry.reconcile;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one fence of every write this replica makes on a cluster lease's authority (launches and stops the scheduler
 * decides, host-loss declarations, circuit-breaker and rollout bookkeeping, daemon counts, orphan removal intents).
 * <p>
 * {@link #run} refuses at once when this replica no longer believes it leads (its local, monotonic deadline
 * passed: see {@link ClusterLeadership#leads}), then runs the work in one transaction and, as the last statement
 * before commit, locks the lease row {@code FOR SHARE} where it still names this replica, the same epoch and an
 * expiry after {@code clock_timestamp()} (the database's time at that statement, not at the transaction's start).
 * A takeover is an update of that row: it cannot commit between the check and this commit (it waits for the share
 * lock), and a takeover that committed earlier makes the check find nothing, so the work rolls back and
 * {@link Deposed} is thrown. The writes of a deposed leader therefore never land, however long it was paused.
 * <p>
 * A replica paused while it holds the share lock would hold up the takeover; the transaction's
 * {@code idle_in_transaction_session_timeout} and {@code lock_timeout} are set to what remains of the local lease, so
 * the database ends such a transaction (rolling it back) before the lease could expire for others.
 * <p>
 * Call it outermost (not inside another transaction): the check must be the last thing before the commit.
 */
@Component
public class LeaseFence {

    /** The authority a pass decides under: this replica led {@code clusterId} at {@code epoch}. */
    public record Authority(long clusterId, long epoch) {
    }

    /** The lease is no longer this replica's (or no longer at the epoch the decision was made under). */
    public static final class Deposed extends RuntimeException {
        public Deposed(Authority authority, String why) {
            super("deposed from cluster " + authority.clusterId() + " (epoch " + authority.epoch() + "): " + why, null, false,
                    false);
        }
    }

    private final ClusterLeadership leadership;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    LeaseFence(ClusterLeadership leadership, TransactionTemplate tx, JdbcClient jdbc) {
        this.leadership = leadership;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** The authority this replica holds now, if it leads the cluster: capture it when a pass starts deciding. */
    public Optional<Authority> current(long clusterId) {
        long epoch = leadership.epoch(clusterId);
        return leadership.leads(clusterId) && epoch > 0 ? Optional.of(new Authority(clusterId, epoch)) : Optional.empty();
    }

    /** True while {@code authority} is still what this replica believes it holds (local check only, no database). */
    public boolean holds(Authority authority) {
        return leadership.leads(authority.clusterId()) && leadership.epoch(authority.clusterId()) == authority.epoch();
    }

    /**
     * Runs {@code work} in one transaction that commits only if {@code authority} is still the lease's in the
     * database at commit; otherwise nothing of it lands and {@link Deposed} is thrown.
     */
    public <T> T run(Authority authority, Function<Authority, T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a fenced write must be its own transaction: the lease check has to come last");
        }
        Duration left = leadership.remaining(authority.clusterId());
        if (!holds(authority) || left.isNegative() || left.isZero()) {
            throw new Deposed(authority, "this replica no longer leads locally");
        }
        return tx.execute(status -> {
            String millis = String.valueOf(Math.max(1, left.toMillis()));
            jdbc.sql("SELECT set_config('idle_in_transaction_session_timeout', :t, true), set_config('lock_timeout', :t, true)")
                    .param("t", millis).query().listOfRows();
            T result = work.apply(authority);
            boolean stillHolds = jdbc.sql("""
                    SELECT 1 FROM cluster_lease
                    WHERE cluster_id = :c AND holder = :me AND epoch = :e AND expires_at > clock_timestamp()
                    FOR SHARE""")
                    .param("c", authority.clusterId()).param("me", leadership.replicaId()).param("e", authority.epoch())
                    .query(Integer.class).optional().isPresent();
            if (!stillHolds) {
                throw new Deposed(authority, "the lease changed hands in the database");
            }
            return result;
        });
    }

    /** {@link #run} without a result. */
    public void execute(Authority authority, java.util.function.Consumer<Authority> work) {
        run(authority, a -> {
            work.accept(a);
            return null;
        });
    }
}
