package dev.gantry.api;

import dev.gantry.TestCredentials;
import dev.gantry.security.ActiveKey;
import dev.gantry.security.AuthorisationConfiguration;
import dev.gantry.security.ActiveKeys;
import dev.gantry.security.Role;
import dev.gantry.security.SecuritySettings;
import dev.gantry.security.WebSecurityConfiguration;
import dev.gantry.shared.GantryProperties;
import dev.gantry.shared.Randomness;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * What every {@code @WebMvcTest} slice of the API needs besides its controller: Gantry's settings, which the web
 * layer's own filters read (the body size limit). A slice does not run the application's configuration-properties
 * scan, so it is imported here: {@code @Import(WebSliceConfiguration.class)}. Every request of the slice's
 * {@code MockMvc} carries the tests' key as HTTP Basic by default, as every client of the API must; a request's own
 * {@code Authorization} header replaces it. The slice runs Gantry's real filter chain
 * ({@link WebSecurityConfiguration}); the key store behind it knows the tests' key alone (the database's key store is
 * the integration tests' business).
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({GantryProperties.class, SecuritySettings.class})
@Import({WebSecurityConfiguration.class, AuthorisationConfiguration.class})
public class WebSliceConfiguration {

    /** The filter chain's SigV4 verifier reads the time; the application's one clock bean is not in a slice. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The request-id filter of ECS calls (api.AwsJsonRequestIdFilter) draws its ids from it; not in a slice either. */
    @Bean
    Randomness randomness() {
        return Randomness.unpredictable();
    }

    /** Primary, so a slice that replaces the whole key store (the access-key API's) still authenticates with it. */
    @Bean
    @Primary
    ActiveKeys testKeyOnly() {
        return accessKeyId -> TestCredentials.ACCESS_KEY_ID.equals(accessKeyId)
                ? Optional.of(new ActiveKey(TestCredentials.ACCESS_KEY_ID, Role.ADMIN, Set.of(),
                        TestCredentials.SECRET_ACCESS_KEY))
                : Optional.empty();
    }

    @Bean
    MockMvcBuilderCustomizer testCredentialsByDefault() {
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                .header(TestCredentials.AUTHORIZATION, TestCredentials.basic()));
    }
}
