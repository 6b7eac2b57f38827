package dev.gantry.security;

import dev.gantry.shared.GantryProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit and rate-limit filters around Spring Security's chain: {@link AuditFilter} just before it,
 * {@link CallerFilter} just after it. Registered here rather than as components so that web slices of other
 * controllers, which pick up filter components, do not need the database behind them.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    RateLimitSettings rateLimitSettings(Environment environment) {
        return RateLimitSettings.from(environment);
    }

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit, RateLimits limits, GantryProperties gantry,
            JsonMapper json) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(audit, limits, gantry.arns(), json));
        registration.setOrder(AuditFilter.ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CallerFilter> callerFilter(RateLimits limits, JsonMapper json) {
        FilterRegistrationBean<CallerFilter> registration = new FilterRegistrationBean<>(new CallerFilter(limits, json));
        registration.setOrder(CallerFilter.ORDER);
        return registration;
    }
}
