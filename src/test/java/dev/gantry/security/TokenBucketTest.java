package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {

    private static final TokenBucket.Limit TEN_PER_TWO = new TokenBucket.Limit(10, 2);

    @ParameterizedTest(name = "burst {0}, {1}/s: {2} calls at once pass, the next waits {3} s")
    @CsvSource({
            "10, 2,   10, 1",
            "50, 20,  50, 1",
            "20, 1,   20, 1",
            "10, 0.1, 10, 10",
            "1,  0.5, 1,  2",
    })
    void aFullBucketLetsTheBurstThroughAndThenStatesTheWait(int burst, double sustained, int passes, long waitSeconds) {
        TokenBucket.Limit limit = new TokenBucket.Limit(burst, sustained);
        TokenBucket bucket = TokenBucket.full(limit, 0);
        for (int i = 0; i < passes; i++) {
            TokenBucket.Take take = bucket.take(limit, 0);
            assertThat(take.allowed()).as("call %d", i + 1).isTrue();
            bucket = take.bucket();
        }
        TokenBucket.Take refused = bucket.take(limit, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(waitSeconds));
    }

    @ParameterizedTest(name = "empty, {0} ms later: allowed {1}")
    @CsvSource({
            "0,    false",
            "499,  false",
            "500,  true",
            "5000, true",
    })
    void anEmptyBucketRefillsAtTheSustainedRate(long laterMillis, boolean allowed) {
        TokenBucket empty = new TokenBucket(0, 1_000);
        assertThat(empty.take(TEN_PER_TWO, 1_000 + laterMillis).allowed()).isEqualTo(allowed);
    }

    @Test
    void theRefillStopsAtTheBurstAndAClockGoingBackAddsNothing() {
        TokenBucket half = new TokenBucket(5, 10_000);
        assertThat(half.at(TEN_PER_TWO, 1_000_000).tokens()).isEqualTo(10);
        assertThat(half.at(TEN_PER_TWO, 9_000).tokens()).isEqualTo(5);
    }

    @Test
    void othersUseIsADebtPaidBackBeforeTheNextCall() {
        TokenBucket bucket = TokenBucket.full(TEN_PER_TWO, 0).minus(14);
        assertThat(bucket.tokens()).isEqualTo(-4);
        TokenBucket.Take refused = bucket.take(TEN_PER_TWO, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).as("5 tokens missing at 2/s").isEqualTo(Duration.ofSeconds(3));
        assertThat(bucket.take(TEN_PER_TWO, 2_499).allowed()).isFalse();
        assertThat(bucket.take(TEN_PER_TWO, 2_500).allowed()).isTrue();
    }

    /**
     * Property: whatever the arrivals, a bucket never lets through more than burst + sustained × elapsed calls in
     * any interval starting from full, and a refused call waiting its Retry-After is then let through.
     */
    @Test
    void noIntervalAdmitsMoreThanBurstPlusRefillAndRetryAfterIsEnough() {
        Random random = new Random(Seeds.seed("TokenBucketTest"));
        for (int run = 0; run < 300; run++) {
            TokenBucket.Limit limit = new TokenBucket.Limit(1 + random.nextInt(60), 0.1 + random.nextDouble() * 40);
            TokenBucket bucket = TokenBucket.full(limit, 0);
            long now = 0;
            int admitted = 0;
            for (int call = 0; call < 500; call++) {
                now += random.nextInt(random.nextBoolean() ? 5 : 400);
                TokenBucket.Take take = bucket.take(limit, now);
                bucket = take.bucket();
                if (take.allowed()) {
                    admitted++;
                } else {
                    long retry = now + take.retryAfter().toMillis();
                    assertThat(bucket.take(limit, retry).allowed()).as("run %d: allowed after Retry-After", run).isTrue();
                }
                assertThat((double) admitted).as("run %d at %d ms", run, now)
                        .isLessThanOrEqualTo(limit.burst() + limit.sustained() * now / 1000.0 + 1e-9);
            }
        }
    }
}
