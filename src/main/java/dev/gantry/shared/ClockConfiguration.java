package dev.gantry.shared;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of the JVM's time of day: every reader takes this {@link Clock}, so tests can run in virtual time
 * and inject skew (a test context replaces the bean). Times compared with stored ones use the database's clock
 * instead ({@code reconcile.DatabaseClock}, itself built on this one). Nothing else in {@code src/main} reads the wall
 * clock; {@code WallClockArchitectureTest} fails the build if something does. {@code System.nanoTime()} stays where
 * a span of real time is measured (timeouts, durations, loop liveness): it is no time of day and cannot be skewed.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
