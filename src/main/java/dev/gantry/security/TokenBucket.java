package dev.gantry.security;

import java.time.Duration;

/**
 * A token bucket as ECS throttles its API: it holds at most {@code burst} tokens, refills at {@code sustained} tokens
 * a second, and each call takes one. Pure and immutable: the time is an input. Tokens may go below zero when other
 * replicas' consumption is subtracted ({@link #minus}): the debt is real use that this replica learnt of late, and it
 * is paid back by the refill before the next call is let through.
 *
 * @param tokens   tokens in the bucket at {@code atMillis}
 * @param atMillis when {@code tokens} was true
 */
record TokenBucket(double tokens, long atMillis) {

    /** Burst and sustained rate of one bucket. */
    record Limit(int burst, double sustained) {

        Limit {
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + burst);
            }
            if (!(sustained > 0)) {
                throw new IllegalArgumentException("sustained must be above 0, was " + sustained);
            }
        }
    }

    /** The answer to one call: whether it may go ahead, the bucket after it, and else how long to wait. */
    record Take(boolean allowed, TokenBucket bucket, Duration retryAfter) {
    }

    static TokenBucket full(Limit limit, long now) {
        return new TokenBucket(limit.burst(), now);
    }

    /** The bucket at {@code now}: refilled for the time passed, never above the burst (a clock going back adds nothing). */
    TokenBucket at(Limit limit, long now) {
        if (now <= atMillis) {
            return this;
        }
        double refilled = Math.min(limit.burst(), tokens + limit.sustained() * (now - atMillis) / 1000.0);
        return new TokenBucket(Math.max(tokens, refilled), now);
    }

    /** One call at {@code now}: allowed when a whole token is there, which it takes. */
    Take take(Limit limit, long now) {
        TokenBucket current = at(limit, now);
        if (current.tokens >= 1) {
            return new Take(true, new TokenBucket(current.tokens - 1, current.atMillis), Duration.ZERO);
        }
        return new Take(false, current, current.waitForOne(limit));
    }

    /** Takes a token whether or not one is there (a failed authentication has happened already). */
    TokenBucket force(Limit limit, long now) {
        TokenBucket current = at(limit, now);
        return new TokenBucket(current.tokens - 1, current.atMillis);
    }

    /** What other replicas took, learnt now. */
    TokenBucket minus(long consumed) {
        return new TokenBucket(tokens - consumed, atMillis);
    }

    /** How long until a whole token is there, in whole seconds as Retry-After states it (at least 1). */
    Duration waitForOne(Limit limit) {
        double missing = 1 - tokens;
        if (missing <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(missing / limit.sustained())));
    }
}
