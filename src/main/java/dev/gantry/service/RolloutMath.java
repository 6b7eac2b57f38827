package dev.gantry.service;

/**
 * ECS's rolling-update bounds and circuit-breaker threshold, as pure arithmetic.
 * <ul>
 *   <li>upper = floor(D × maximumPercent / 100) caps RUNNING + PENDING tasks across deployments;</li>
 *   <li>lower = ceil(D × minimumHealthyPercent / 100) healthy tasks must stay;</li>
 *   <li>threshold = clamp(ceil(0.5 × D), min, max), ECS's min 3 and max 200 by default.</li>
 * </ul>
 */
public final class RolloutMath {

    private RolloutMath() {
    }

    public static int upper(int desired, int maximumPercent) {
        return (int) Math.floor(desired * (double) maximumPercent / 100.0);
    }

    public static int lower(int desired, int minimumHealthyPercent) {
        return (int) Math.ceil(desired * (double) minimumHealthyPercent / 100.0);
    }

    public static int circuitBreakerThreshold(int desired, int min, int max) {
        int half = (int) Math.ceil(0.5 * desired);
        return Math.max(min, Math.min(max, half));
    }

    /** Exponential back-off for tasks that keep failing to start: base × 2^(failures−1), capped. */
    public static long throttleDelayMillis(int consecutiveFailures, long baseMillis, long capMillis) {
        if (consecutiveFailures <= 0) {
            return 0;
        }
        int shift = Math.min(consecutiveFailures - 1, 30);
        long delay = baseMillis << shift;
        return delay < 0 ? capMillis : Math.min(delay, capMillis);
    }
}
