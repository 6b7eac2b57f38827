package dev.gantry.reconcile;

import dev.gantry.docker.DockerHostFactory;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import dev.gantry.shared.Randomness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * The application for scenario tests: its clock is {@link VirtualTime}'s, its random draws are the scenario's
 * ({@link ScenarioRandomness}, seeded from the scenario's seed), its Docker hosts are simulated on the engines' virtual
 * clock, and nothing runs by itself. Spring's scheduled jobs (resyncs, heartbeats, the loss check,
 * the clock measurement) are handed a scheduler that never runs them: the scenario's steps call them, in order.
 */
@TestConfiguration(proxyBeanMethods = false)
class ScenarioConfiguration {

    /** One virtual time for the context (contexts are cached: every scenario of the class shares it and moves it on). */
    static final VirtualTime TIME = new VirtualTime();

    @Bean
    @Primary
    Clock virtualClock() {
        return TIME.jvmClock();
    }

    /** The application's random draws, reseeded by every scenario (see {@link ScenarioHarness}). */
    static final ScenarioRandomness RANDOMNESS = new ScenarioRandomness();

    @Bean
    @Primary
    Randomness scenarioRandomness() {
        return RANDOMNESS;
    }

    @Bean
    @Primary
    DockerHostFactory virtualEngines() {
        return new SimulatedDockerHostFactory(TIME.engineClock());
    }

    /** The migrations, then virtual time in the database (see {@link VirtualTime#install}). */
    @Bean
    FlywayMigrationStrategy migrateThenVirtualTime() {
        return flyway -> {
            flyway.migrate();
            TIME.install(flyway.getConfiguration().getDataSource());
        };
    }

    /** Named as Spring's scheduled-annotation processor looks it up; Boot's own scheduler then backs off. */
    @Bean
    TaskScheduler taskScheduler() {
        return new NeverRuns();
    }

    private static final class NeverRuns implements TaskScheduler {

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
            return Cancelled.INSTANCE;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
            return Cancelled.INSTANCE;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            return Cancelled.INSTANCE;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
            return Cancelled.INSTANCE;
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            return Cancelled.INSTANCE;
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
            return Cancelled.INSTANCE;
        }
    }

    private static final class Cancelled implements ScheduledFuture<Object> {

        static final Cancelled INSTANCE = new Cancelled();

        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new java.util.concurrent.CancellationException("scheduled jobs do not run in scenario tests");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
