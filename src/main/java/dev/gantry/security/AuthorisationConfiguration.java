package dev.gantry.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import dev.gantry.shared.GantryProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The authorisation filter as a bean for the security filter chain to place
 * ({@code http.addFilterAfter(authorisationFilter, AuthorizationFilter.class)}), and kept out of the servlet
 * container's own filters: there it would run outside the chain, before anyone is authenticated.
 */
/** Servlet web applications only: a context without a web server (a one-off job, some tests) has no requests to authorise. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AuthorisationConfiguration {

    @Bean
    Authorisation authorisation(GantryProperties properties) {
        return new Authorisation(properties.arns());
    }

    @Bean
    AuthorisationFilter authorisationFilter(Authorisation authorisation,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return new AuthorisationFilter(authorisation, problems);
    }

    @Bean
    FilterRegistrationBean<AuthorisationFilter> authorisationFilterOnlyInTheSecurityChain(AuthorisationFilter filter) {
        FilterRegistrationBean<AuthorisationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
