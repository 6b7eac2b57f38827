package dev.gantry.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Rate limits per access key and action group (OWASP API4), and failed authentications per source address. The
 * buckets are this replica's, in a bounded map; {@link RateLimitSync} shares what each replica took through
 * PostgreSQL, so each subtracts the others' use. A bucket unused for longer than it needs to refill is dropped
 * (it would be full again anyway).
 */
@Component
public class RateLimits {

    /** Buckets kept; beyond this the least recently used go (a full bucket is what a new one is). */
    private static final int MAX_BUCKETS = 100_000;

    /** One bucket with what this replica took from it, in total and as last shared. */
    private static final class Bucket {
        TokenBucket state;
        long consumed;
        long shared;

        Bucket(TokenBucket state) {
            this.state = state;
        }
    }

    private final RateLimitSettings settings;
    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
            .expireAfterAccess(Duration.ofMinutes(15)).build();

    RateLimits(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /**
     * One call of {@code action} by {@code accessKeyId}: empty to go ahead (a token was taken), else how long until
     * the next call of its group would be let through (the 429's Retry-After). The ECS endpoint calls this too.
     */
    public Optional<Duration> acquire(String accessKeyId, String action) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String group = RateLimitGroups.of(action);
        return take(key(group, accessKeyId), group);
    }

    /** Whether the source's failed authentications are exhausted: then how long to wait, else empty. Takes nothing. */
    public Optional<Duration> failedAuthenticationWait(String sourceAddress) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        TokenBucket.Limit limit = settings.limit(RateLimitGroups.FAILED_AUTHENTICATIONS);
        Bucket bucket = buckets.getIfPresent(key(RateLimitGroups.FAILED_AUTHENTICATIONS, sourceAddress));
        if (bucket == null) {
            return Optional.empty();
        }
        synchronized (bucket) {
            TokenBucket now = bucket.state.at(limit, clock.millis());
            return now.tokens() >= 1 ? Optional.empty() : Optional.of(now.waitForOne(limit));
        }
    }

    /** A failed authentication from the source happened: it takes a token, even from an empty bucket. */
    public void failedAuthentication(String sourceAddress) {
        if (!settings.enabled()) {
            return;
        }
        String group = RateLimitGroups.FAILED_AUTHENTICATIONS;
        TokenBucket.Limit limit = settings.limit(group);
        long now = clock.millis();
        Bucket bucket = bucket(key(group, sourceAddress), limit, now);
        synchronized (bucket) {
            bucket.state = bucket.state.force(limit, now);
            bucket.consumed++;
        }
    }

    private Optional<Duration> take(String key, String group) {
        TokenBucket.Limit limit = settings.limit(group);
        long now = clock.millis();
        Bucket bucket = bucket(key, limit, now);
        synchronized (bucket) {
            TokenBucket.Take take = bucket.state.take(limit, now);
            bucket.state = take.bucket();
            if (take.allowed()) {
                bucket.consumed++;
                return Optional.empty();
            }
            return Optional.of(take.retryAfter());
        }
    }

    private Bucket bucket(String key, TokenBucket.Limit limit, long now) {
        return buckets.get(key, k -> new Bucket(TokenBucket.full(limit, now)));
    }

    private static String key(String group, String subject) {
        return group + "/" + subject;
    }

    private static String groupOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** What this replica took from each bucket since it last shared, as running totals (for {@link #shared}). */
    Map<String, long[]> unshared() {
        Map<String, long[]> taken = new HashMap<>();
        buckets.asMap().forEach((key, bucket) -> {
            synchronized (bucket) {
                if (bucket.consumed != bucket.shared) {
                    taken.put(key, new long[] {bucket.shared, bucket.consumed});
                }
            }
        });
        return taken;
    }

    /** Those takings, {@code [from, to)} of each bucket's running total, are in the database now. */
    void shared(Map<String, long[]> taken) {
        taken.forEach((key, range) -> {
            Bucket bucket = buckets.getIfPresent(key);
            if (bucket != null) {
                synchronized (bucket) {
                    bucket.shared = Math.max(bucket.shared, range[1]);
                }
            }
        });
    }

    /** Other replicas took {@code tokens} from the bucket {@code key} since this replica last looked. */
    void othersTook(String key, long tokens) {
        if (tokens <= 0 || key.indexOf('/') < 0) {
            return;
        }
        TokenBucket.Limit limit = settings.limit(groupOf(key));
        long now = clock.millis();
        Bucket bucket = bucket(key, limit, now);
        synchronized (bucket) {
            bucket.state = bucket.state.at(limit, now).minus(tokens);
        }
    }
}
