package dev.gantry.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI gantryOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Gantry REST API v1")
                .version("v1")
                .description("Self-hosted, ECS-compatible container control plane. Resources carry the members of the "
                        + "matching Amazon ECS shapes; errors are RFC 9457 problem+json with the ECS error name in `code`.")
                .license(new License().name("Apache-2.0")));
    }
}
