package dev.gantry.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Supervision of every background loop (heartbeats, loss checks, lease renewal, host and service resyncs, the reaper,
 * metrics refresh, and the reconcile queues' passes). A loop runs its pass through {@link #pass}: whatever the pass
 * throws — an {@link Error} included — is logged, counted in {@code gantry_reconcile_loop_restarts_total{loop}}, and
 * the loop goes on with its next pass instead of dying silently. A loop whose last completed pass is older than
 * {@code stallFactor} × its interval (at least {@link #MIN_STALL}), or a reconcile queue with a pass running for
 * longer than {@link #MAX_PASS}, is reported stalled: this indicator is in the readiness group, so a replica with a
 * stuck loop stops taking traffic and shows which loop it is.
 */
@Component("loopsHealthIndicator")
public class LoopHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(LoopHealth.class);
    /** A loop is stalled after this many intervals without a completed pass. */
    static final int STALL_FACTOR = 5;
    static final Duration MIN_STALL = Duration.ofSeconds(60);
    /** A single reconcile pass running longer than this is stuck (Docker and database calls are bounded far below). */
    static final Duration MAX_PASS = Duration.ofMinutes(10);

    private final MeterRegistry meters;
    private final LongSupplier nanoTime;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Duration>> queues = new ConcurrentHashMap<>();

    private static final class Loop {
        final Duration interval;
        volatile long lastCompletedNanos;
        volatile String lastFailure;

        Loop(Duration interval, long now) {
            this.interval = interval;
            this.lastCompletedNanos = now;
        }
    }

    /** Spring's constructor (the other one is for tests with a clock of their own). */
    @org.springframework.beans.factory.annotation.Autowired
    public LoopHealth(MeterRegistry meters) {
        this(meters, System::nanoTime);
    }

    LoopHealth(MeterRegistry meters, LongSupplier nanoTime) {
        this.meters = meters;
        this.nanoTime = nanoTime;
        io.micrometer.core.instrument.Gauge.builder("gantry.reconcile.loops.stalled", this, h -> h.stalled().size())
                .description("background loops and reconcile queues that are stalled (see the readiness indicator 'loops')")
                .register(meters);
    }

    /** For code (and tests) outside Spring: counts into a registry of its own. */
    public static LoopHealth detached() {
        return new LoopHealth(new SimpleMeterRegistry());
    }

    /** Declares a periodic loop; it counts as stalled if it completes no pass within the stall window from now on. */
    public void register(String loop, Duration interval) {
        loops.computeIfAbsent(loop, k -> new Loop(interval, nanoTime.getAsLong()));
        restartCounter(loop).increment(0); // the series exists at 0 before any restart, so alerts see a value
    }

    private Counter restartCounter(String loop) {
        return Counter.builder("gantry.reconcile.loop.restarts")
                .description("loop passes that died (exception or error) and were restarted").tag("loop", loop).register(meters);
    }

    /** Runs one pass of a registered loop; never throws, so the scheduler keeps calling it. */
    public void pass(String loop, Runnable body) {
        Loop l = loops.computeIfAbsent(loop, k -> new Loop(Duration.ofMinutes(1), nanoTime.getAsLong()));
        try {
            body.run();
            l.lastFailure = null;
        } catch (Throwable t) {
            l.lastFailure = t.toString();
            restarted(loop, t);
        } finally {
            // a failed pass still proves the loop runs; a stall is a pass that does not come back
            l.lastCompletedNanos = nanoTime.getAsLong();
        }
    }

    /** A pass of {@code loop} died with {@code t} and the loop carries on: counted, and logged as the error it is. */
    public void restarted(String loop, Throwable t) {
        restartCounter(loop).increment();
        if (t instanceof Error && !(t instanceof AssertionError)) {
            log.error("Loop {} died with {}; restarting it", loop, t.toString(), t);
        } else {
            log.warn("Loop {} pass failed, next pass as scheduled: {}", loop, t.toString());
            log.debug("Loop {} failure detail", loop, t);
        }
    }

    /** A reconcile queue reports the age of its oldest pass in flight (zero when idle). */
    public void watchQueue(String name, Supplier<Duration> oldestPass) {
        queues.put(name, oldestPass);
        restartCounter(name).increment(0);
    }

    /** Names of stalled loops and queues with why, sorted; empty when all is well. */
    public Map<String, String> stalled() {
        Map<String, String> stalled = new TreeMap<>();
        long now = nanoTime.getAsLong();
        loops.forEach((name, l) -> {
            Duration window = l.interval.multipliedBy(STALL_FACTOR);
            if (window.compareTo(MIN_STALL) < 0) {
                window = MIN_STALL;
            }
            Duration since = Duration.ofNanos(now - l.lastCompletedNanos);
            if (since.compareTo(window) > 0) {
                stalled.put(name, "no completed pass for " + since.toSeconds() + " s (interval " + l.interval + ")");
            }
        });
        queues.forEach((name, oldest) -> {
            Duration d = oldest.get();
            if (d.compareTo(MAX_PASS) > 0) {
                stalled.put("queue:" + name, "a pass has been running for " + d.toSeconds() + " s");
            }
        });
        return stalled;
    }

    public double restarts(String loop) {
        Counter c = meters.find("gantry.reconcile.loop.restarts").tag("loop", loop).counter();
        return c == null ? 0 : c.count();
    }

    List<String> names() {
        return List.copyOf(new TreeMap<>(loops).keySet());
    }

    @Override
    public Health health() {
        Map<String, String> stalled = stalled();
        Health.Builder b = stalled.isEmpty() ? Health.up() : Health.down();
        stalled.forEach(b::withDetail);
        // failing passes are shown but do not make the replica unready: the loop runs, and its cause (a database
        // outage, say) has its own indicator
        new TreeMap<>(loops).forEach((name, l) -> {
            if (l.lastFailure != null && !stalled.containsKey(name)) {
                b.withDetail(name, "last pass failed: " + l.lastFailure);
            }
        });
        return b.withDetail("loops", names().size()).build();
    }
}
