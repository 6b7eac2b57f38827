package dev.gantry.api;

import dev.gantry.TestCredentials;
import dev.gantry.shared.GantryProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * What every {@code @WebMvcTest} slice of the API needs besides its controller: Gantry's settings, which the web
 * layer's own filters read (the body size limit). A slice does not run the application's configuration-properties
 * scan, so it is imported here: {@code @Import(WebSliceConfiguration.class)}. Every request of the slice's
 * {@code MockMvc} carries the tests' key as HTTP Basic by default, as every client of the API must; a request's own
 * {@code Authorization} header replaces it.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(GantryProperties.class)
public class WebSliceConfiguration {

    @Bean
    MockMvcBuilderCustomizer testCredentialsByDefault() {
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                .header(TestCredentials.AUTHORIZATION, TestCredentials.basic()));
    }
}
