package dev.gantry.instance;

import dev.gantry.shared.SealedSecrets;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sealed TLS client keys of {@code container_instance}, for the encryption key check (an installation from
 * before the check proves its key on one) and for re-sealing them under the current key after a rotation
 * (deregistered instances too, so no row needs the previous key any more).
 */
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

    @Override
    public String what() {
        return "Docker TLS client keys";
    }

    @Override
    public List<Stored> notStartingWith(String prefix, String afterId, int limit) {
        return jdbc.sql("""
                SELECT id, tls_key_pem FROM container_instance
                WHERE id > :after AND tls_key_pem IS NOT NULL AND NOT starts_with(tls_key_pem, :prefix)
                ORDER BY id LIMIT :limit""")
                .param("after", afterId).param("prefix", prefix).param("limit", limit)
                .query((rs, n) -> new Stored(rs.getString("id").trim(), rs.getString("tls_key_pem"))).list();
    }

    @Override
    public boolean replace(String id, String expected, String resealed) {
        return jdbc.sql("UPDATE container_instance SET tls_key_pem = :resealed WHERE id = :id AND tls_key_pem = :expected")
                .param("resealed", resealed).param("id", id).param("expected", expected).update() == 1;
    }
}
