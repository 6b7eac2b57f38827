package dev.gantry.instance;

import dev.gantry.shared.SealedSecrets;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A stored TLS client key (sealed), for the encryption key check of an installation from before the check. */
@Component
class SealedTlsKeys implements SealedSecrets {

    private final JdbcClient jdbc;

    SealedTlsKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> anySealed() {
        return jdbc.sql("SELECT tls_key_pem FROM container_instance WHERE tls_key_pem IS NOT NULL LIMIT 1")
                .query(String.class).optional();
    }
}
