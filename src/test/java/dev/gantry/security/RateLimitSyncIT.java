package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.GantryApplication;
import dev.gantry.GantryIntegrationTest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Rate limits across two replicas on one PostgreSQL: this test's context (A) and a second application context (B) on
 * A's database, each with its own buckets, sharing use through {@code rate_limit_usage} at their sync passes (called
 * here; the timer's interval is set to an hour so that nothing else syncs). The refill is set so slow that no token
 * comes back during the test, so every count below is exact: what one replica used is refused on the other after a
 * sync, and before a sync each replica can spend at most its own burst, the stated tolerance (N - 1 bursts beyond
 * one bucket; RateLimitToleranceTest proves the bound with the refill in virtual time).
 */
@GantryIntegrationTest
@TestPropertySource(properties = {RateLimitSyncIT.ENABLED, RateLimitSyncIT.SYNC, RateLimitSyncIT.BURST,
        RateLimitSyncIT.SUSTAINED, RateLimitSyncIT.FAILED_BURST, RateLimitSyncIT.FAILED_SUSTAINED})
class RateLimitSyncIT {

    static final String ENABLED = "gantry.security.rate-limiting.enabled=true";
    static final String SYNC = "gantry.security.rate-limiting.sync-interval=1h";
    static final String BURST = "gantry.security.rate-limits.cluster-modify.burst=5";
    static final String SUSTAINED = "gantry.security.rate-limits.cluster-modify.sustained=0.0001";
    static final String FAILED_BURST = "gantry.security.rate-limits.failed-authentications.burst=3";
    static final String FAILED_SUSTAINED = "gantry.security.rate-limits.failed-authentications.sustained=0.0001";

    static ConfigurableApplicationContext b;

    @Autowired
    RateLimits limitsA;

    @Autowired
    RateLimitSync syncA;

    @BeforeAll
    static void startReplicaB(@Autowired DataSource dataSource) throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        b = new SpringApplicationBuilder(GantryApplication.class).profiles("it")
                .properties("spring.datasource.url=" + pool.getJdbcUrl(), "spring.datasource.username=" + pool.getUsername(),
                        "spring.datasource.password=" + pool.getPassword(), "server.port=0")
                // as arguments: builder properties are defaults, below profile it's rate-limiting.enabled=false
                .run("--" + ENABLED, "--" + SYNC, "--" + BURST, "--" + SUSTAINED, "--" + FAILED_BURST,
                        "--" + FAILED_SUSTAINED);
    }

    @AfterAll
    static void stopReplicaB() {
        if (b != null) {
            b.close();
        }
    }

    private static String key() {
        return "GKSYNC" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    private static int admitted(RateLimits limits, String key, int calls) {
        int admitted = 0;
        for (int i = 0; i < calls; i++) {
            admitted += limits.acquire(key, "CreateCluster").isEmpty() ? 1 : 0;
        }
        return admitted;
    }

    private void syncBoth() {
        syncA.syncOnce();
        b.getBean(RateLimitSync.class).syncOnce();
    }

    @Test
    void whatOneReplicaUsedIsRefusedOnTheOtherAfterASync() {
        RateLimits limitsB = b.getBean(RateLimits.class);
        String key = key();
        assertThat(admitted(limitsA, key, 8)).as("A alone: the burst").isEqualTo(5);
        syncBoth();

        Optional<Duration> refused = limitsB.acquire(key, "CreateCluster");
        assertThat(refused).as("B has learnt A's use").isPresent();
        assertThat(refused.get()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(admitted(limitsB, key(), 5)).as("another key on B is untouched").isEqualTo(5);
        assertThat(limitsB.acquire(key, "ListClusters")).as("another group of the same key").isEmpty();
    }

    @Test
    void beforeASyncEachReplicaSpendsAtMostItsBurstAndAfterItBothRefuse() {
        RateLimits limitsB = b.getBean(RateLimits.class);
        String key = key();
        int both = admitted(limitsA, key, 10) + admitted(limitsB, key, 10);
        assertThat(both).as("one burst per replica before they sync: the tolerance").isEqualTo(10);
        syncBoth();
        assertThat(admitted(limitsA, key, 3) + admitted(limitsB, key, 3)).as("after it, the debt is shared").isZero();
    }

    @Test
    void failedLoginsFromOneSourceCountOnEveryReplica() {
        RateLimits limitsB = b.getBean(RateLimits.class);
        String source = "198.51.100.7:" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(limitsA.failedAuthenticationWait(source)).isEmpty();
            limitsA.failedAuthentication(source);
        }
        assertThat(limitsA.failedAuthenticationWait(source)).as("A: the source is exhausted").isPresent();
        assertThat(limitsB.failedAuthenticationWait(source)).as("B before the sync").isEmpty();
        syncBoth();
        assertThat(limitsB.failedAuthenticationWait(source)).as("B after the sync").isPresent();
    }
}
