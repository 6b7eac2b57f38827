package dev.gantry.shared;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of the application's random draws ({@link Randomness}), as {@link ClockConfiguration} is of its
 * time: every id and tie-break takes this bean, so a test context can replace it by a seeded one and replay a
 * scenario whole.
 */
@Configuration(proxyBeanMethods = false)
class RandomnessConfiguration {

    @Bean
    Randomness randomness() {
        return Randomness.unpredictable();
    }
}
