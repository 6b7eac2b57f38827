package dev.gantry.api;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Paths accept full ARNs, which contain '/'. Clients send them percent-encoded (%2F); Tomcat
 * rejects that by default, so it is passed through and Spring decodes it inside the path variable.
 */
@Configuration(proxyBeanMethods = false)
class EncodedArnPaths {

    @Bean
    TomcatConnectorCustomizer encodedSlashInPathVariables() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}
