package dev.gantry.api;

import dev.gantry.shared.GantryProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * What every {@code @WebMvcTest} slice of the API needs besides its controller: Gantry's settings, which the web
 * layer's own filters read (the body size limit). A slice does not run the application's configuration-properties
 * scan, so it is imported here: {@code @Import(WebSliceConfiguration.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(GantryProperties.class)
public class WebSliceConfiguration {
}
