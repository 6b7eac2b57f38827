package dev.gantry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Makes the {@code RestTestClient} of every {@code @AutoConfigureRestTestClient} test send the test key as HTTP
 * Basic by default, whenever the application under test is bootstrapped with it (profile "it"). Registered in
 * {@code META-INF/spring/...AutoConfigureRestTestClient.imports} of the test resources, the extension point Spring
 * Boot gives its test auto-configuration annotations, so no test class has to remember it. A request's own
 * {@code Authorization} header replaces the default.
 */
@AutoConfiguration
@ConditionalOnProperty(name = TestCredentials.ACCESS_KEY_ID_PROPERTY, havingValue = TestCredentials.ACCESS_KEY_ID)
public class TestCredentialsAutoConfiguration {

    @Bean
    RestTestClientBuilderCustomizer testCredentialsRestTestClientCustomizer() {
        return builder -> builder.defaultHeader(TestCredentials.AUTHORIZATION, TestCredentials.basic());
    }
}
