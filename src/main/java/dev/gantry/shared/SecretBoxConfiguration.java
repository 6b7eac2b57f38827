package dev.gantry.shared;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretBoxConfiguration {

    @Bean
    SecretBox secretBox(@Value("${gantry.encryption-key:}") String key,
            @Value("${gantry.encryption-key-file:${gantry.embedded-postgres.data-directory:./data}/encryption.key}") Path file) {
        return key.isBlank() ? SecretBox.fromFile(file) : SecretBox.fromBase64(key);
    }
}
