package dev.gantry.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Rate limits as configured: {@code gantry.security.rate-limits.<group>.burst} / {@code .sustained} over the
 * defaults of {@link RateLimitGroups} (either may be given alone), {@code gantry.security.rate-limiting.enabled}
 * (default true) and {@code gantry.security.rate-limiting.sync-interval} (default 500ms: how often replicas share
 * what they consumed; the limits hold across replicas within one interval's traffic per replica).
 */
record RateLimitSettings(boolean enabled, Duration syncInterval, Map<String, TokenBucket.Limit> limits) {

    /** One group's configured values, each optional. */
    record Override(Integer burst, Double sustained) {
    }

    RateLimitSettings {
        limits = Map.copyOf(limits);
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("gantry.security.rate-limiting.sync-interval must be positive");
        }
    }

    TokenBucket.Limit limit(String group) {
        return limits.getOrDefault(group, limits.get(RateLimitGroups.OTHER));
    }

    static RateLimitSettings defaults() {
        return new RateLimitSettings(true, Duration.ofMillis(500), RateLimitGroups.defaults());
    }

    static RateLimitSettings from(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean enabled = binder.bind("gantry.security.rate-limiting.enabled", Boolean.class).orElse(true);
        Duration sync = binder.bind("gantry.security.rate-limiting.sync-interval", Duration.class)
                .orElse(Duration.ofMillis(500));
        Map<String, Override> overrides = binder.bind("gantry.security.rate-limits",
                Bindable.mapOf(String.class, Override.class)).orElse(Map.of());
        return new RateLimitSettings(enabled, sync, merge(RateLimitGroups.defaults(), overrides));
    }

    /** The defaults with the configured values over them; a group name no action has is refused (a typo). */
    static Map<String, TokenBucket.Limit> merge(Map<String, TokenBucket.Limit> defaults, Map<String, Override> overrides) {
        Map<String, TokenBucket.Limit> merged = new LinkedHashMap<>(defaults);
        overrides.forEach((group, o) -> {
            TokenBucket.Limit base = defaults.get(group);
            if (base == null) {
                throw new IllegalArgumentException("gantry.security.rate-limits." + group
                        + " is no rate-limit group; the groups are " + defaults.keySet());
            }
            merged.put(group, new TokenBucket.Limit(o.burst() == null ? base.burst() : o.burst(),
                    o.sustained() == null ? base.sustained() : o.sustained()));
        });
        return merged;
    }
}
