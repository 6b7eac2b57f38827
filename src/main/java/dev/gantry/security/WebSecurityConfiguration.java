package dev.gantry.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import dev.gantry.api.ProblemHandler;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call Gantry: one stateless filter chain (no sessions, no cookies, hence no CSRF token). Open: the health
 * endpoints (probes carry no credentials) and, unless {@code gantry.security.open-api-docs=false}, Swagger UI and the
 * OpenAPI document. Everything else needs an access key, sent as HTTP Basic (key id : secret) or used to sign the
 * request with AWS Signature Version 4 ({@link SigV4AuthenticationFilter}), or a bearer JWT when
 * {@code gantry.security.jwt.*} is set. Refusals are problem+json ({@link SecurityAnswers}).
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfiguration {

    /**
     * The chain's authentication manager is built from this bean (HTTP Basic) plus, with JWTs on, the resource
     * server's JWT provider; as a bean it also keeps Spring Boot from setting up a default user with a generated
     * password.
     */
    @Bean
    AccessKeyAuthenticationProvider accessKeyAuthenticationProvider(ActiveKeys keys) {
        return new AccessKeyAuthenticationProvider(keys);
    }

    /**
     * ARNs in paths arrive with {@code /} percent-encoded ({@code api.EncodedArnPaths}); the firewall lets that
     * through as Tomcat does, and anything it still rejects is a problem+json 400 like every other bad request.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebSecurityCustomizer encodedArnsThroughTheFirewall(JsonMapper json) {
        return web -> web.httpFirewall(firewall()).requestRejectedHandler((request, response, rejected) ->
                ProblemHandler.write(request, response, json, HttpStatus.BAD_REQUEST, "InvalidParameterException",
                        "The request path or headers are not allowed."));
    }

    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        // Tomcat passes %2F through undecoded (EncodedSolidusHandling.PASS_THROUGH), so the servlet path keeps its '%'
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    /** The one SigV4 verifier: the REST filter here and the ECS protocol endpoint share it. */
    @Bean
    SigV4Verifier sigV4Verifier(Clock clock) {
        return new SigV4Verifier(clock);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain apiSecurity(HttpSecurity http, ActiveKeys keys,
            SigV4Verifier sigV4, SecuritySettings settings, JsonMapper json, ObjectProvider<JwtDecoder> jwtDecoder,
            AuthorisationFilter authorisation) throws Exception {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        SecurityAnswers answers = new SecurityAnswers(json, decoder != null);
        List<String> open = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**"));
        if (settings.openApiDocs()) {
            open.addAll(List.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"));
        }
        http.authorizeHttpRequests(requests -> requests
                        // the error page of a request already refused or answered: it adds nothing to protect
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(open.toArray(String[]::new)).permitAll()
                        // GET / only redirects a browser to the API's page; every ECS call (POST /) authenticates
                        .requestMatchers(HttpMethod.GET, "/").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basicAuth -> basicAuth.realmName("gantry").authenticationEntryPoint(answers))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(answers)
                        .accessDeniedHandler(answers))
                // not a bean: a Filter bean would also be registered with the servlet container, outside the chain
                .addFilterBefore(new SigV4AuthenticationFilter(sigV4, keys, answers), BasicAuthenticationFilter.class)
                // roles and cluster limits (AuthorisationFilter), once the caller is known and the anonymous refused
                .addFilterAfter(authorisation, AuthorizationFilter.class);
        if (decoder != null) {
            SecuritySettings.Jwt jwt = settings.jwt();
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(tokens -> tokens.decoder(decoder)
                            .jwtAuthenticationConverter(new JwtCallers(jwt.roleClaim(), jwt.clustersClaim())))
                    .authenticationEntryPoint(answers)
                    .accessDeniedHandler(answers));
        }
        return http.build();
    }

    /**
     * Bearer JWTs of an identity provider: the keys from {@code jwk-set-uri} (or the issuer's discovery document),
     * the issuer checked when {@code issuer-uri} is given, the audience when {@code audience} is, expiry against
     * Gantry's clock.
     */
    @Bean
    @ConditionalOnExpression("'${gantry.security.jwt.issuer-uri:}' != '' or '${gantry.security.jwt.jwk-set-uri:}' != ''")
    JwtDecoder gantryJwtDecoder(SecuritySettings settings, Clock clock) {
        SecuritySettings.Jwt jwt = settings.jwt();
        boolean issuer = jwt.issuerUri() != null && !jwt.issuerUri().isBlank();
        NimbusJwtDecoder decoder = jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build()
                : NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        validators.add(timestamps);
        if (issuer) {
            validators.add(new JwtIssuerValidator(jwt.issuerUri()));
        }
        if (jwt.audience() != null && !jwt.audience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>("aud",
                    audiences -> audiences != null && audiences.contains(jwt.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
