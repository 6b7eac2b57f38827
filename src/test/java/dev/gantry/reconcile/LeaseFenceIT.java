package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.postgres.DatabaseUnavailable;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link LeaseFence} against the real database: work commits while the lease is this replica's, and rolls back
 * entirely when the lease changed hands before the commit (even in the middle of the work, after every statement
 * of it succeeded), or when the decision was made under an earlier epoch.
 */
@GantryIntegrationTest
class LeaseFenceIT {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LeaseFence fence;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ClusterLeadership leadership;

    long clusterId;

    @BeforeEach
    void ledCluster() {
        String name = "fence-" + UUID.randomUUID().toString().substring(0, 8);
        http.post().uri("/v1/clusters").contentType(MediaType.APPLICATION_JSON).body(Map.of("clusterName", name)).exchange()
                .expectStatus().isOk();
        clusterId = jdbc.sql("SELECT id FROM cluster WHERE name = ? AND status = 'ACTIVE'").param(name).query(Long.class).single();
        await().atMost(Duration.ofSeconds(20)).until(() -> fence.current(clusterId).isPresent());
        jdbc.sql("CREATE TABLE IF NOT EXISTS fence_probe (cluster_id bigint, epoch bigint)").update();
    }

    private int probes() {
        return jdbc.sql("SELECT count(*) FROM fence_probe WHERE cluster_id = ?").param(clusterId).query(Integer.class).single();
    }

    private void probe(LeaseFence.Authority a) {
        jdbc.sql("INSERT INTO fence_probe VALUES (?, ?)").param(a.clusterId()).param(a.epoch()).update();
    }

    @Test
    void workUnderTheCurrentLeaseCommits() {
        LeaseFence.Authority authority = fence.current(clusterId).orElseThrow();
        fence.execute(authority, this::probe);
        assertThat(probes()).isEqualTo(1);
    }

    @Test
    void aTakeoverDuringTheWorkRollsAllOfItBack() {
        LeaseFence.Authority authority = fence.current(clusterId).orElseThrow();
        assertThatThrownBy(() -> fence.execute(authority, a -> {
            probe(a);
            // another replica takes the cluster over (its own connection, committed at once) before this commits
            Thread takeover = Thread.ofPlatform().start(() -> jdbc.sql("""
                    UPDATE cluster_lease SET holder = 'another-replica', epoch = epoch + 1, acquired_at = now(),
                      expires_at = now() + interval '30 seconds' WHERE cluster_id = ?""").param(clusterId).update());
            try {
                takeover.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            probe(a);
        })).isInstanceOf(LeaseFence.Deposed.class).hasMessageContaining("changed hands");
        assertThat(probes()).as("nothing of the deposed work landed").isZero();
    }

    /**
     * A holder that stops between statements (here: sleeps, as a paused process would) past what it had left of its
     * lease is ended by the database itself, so it cannot hold a takeover up or commit late.
     */
    @Test
    void aTransactionIdleLongerThanTheLeaseLeftIsEndedByTheDatabase() {
        LeaseFence.Authority authority = fence.current(clusterId).orElseThrow();
        Throwable thrown = catchThrowable(() -> fence.execute(authority, a -> {
            probe(a);
            try {
                Thread.sleep(leadership.remaining(clusterId).plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        // The fence's statement fails on the session the server ended; the rollback that follows fails on the closed
        // connection and, with Spring's JDBC transaction manager, takes the original failure's place.
        assertThat(thrown).isInstanceOfAny(DataAccessException.class, TransactionException.class);
        assertThat(DatabaseUnavailable.is(thrown))
                .as("recognised as the database having ended the session (a retryable 503 on the API): %s", thrown)
                .isTrue();
        assertThat(probes()).isZero();
    }

    @Test
    void aDecisionOfAnEarlierEpochIsRefusedBeforeAnyWrite() {
        LeaseFence.Authority current = fence.current(clusterId).orElseThrow();
        LeaseFence.Authority earlier = new LeaseFence.Authority(clusterId, current.epoch() - 1);
        assertThatThrownBy(() -> fence.execute(earlier, this::probe)).isInstanceOf(LeaseFence.Deposed.class);
        assertThat(probes()).isZero();
    }

    @Test
    void aFencedWriteInsideAnotherTransactionIsAProgrammingError() {
        LeaseFence.Authority authority = fence.current(clusterId).orElseThrow();
        // the lease check must be the last statement before the commit, which an outer transaction would not be
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> fence.execute(authority, this::probe)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(probes()).isZero();
    }
}
