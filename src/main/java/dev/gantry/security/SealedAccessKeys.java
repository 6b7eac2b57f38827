package dev.gantry.security;

import dev.gantry.shared.SealedSecrets;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sealed access key secrets of {@code access_key}, for the encryption key check and for re-sealing them under
 * the current key after a rotation (revoked and expired keys too, so no row needs the previous key any more).
 */
@Component
class SealedAccessKeys implements SealedSecrets {

    private final JdbcClient jdbc;

    SealedAccessKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> anySealed() {
        return jdbc.sql("SELECT sealed_secret FROM access_key LIMIT 1").query(String.class).optional();
    }

    @Override
    public String what() {
        return "access key secrets";
    }

    @Override
    public List<Stored> notStartingWith(String prefix, String afterId, int limit) {
        return jdbc.sql("""
                SELECT access_key_id, sealed_secret FROM access_key
                WHERE access_key_id > :after AND NOT starts_with(sealed_secret, :prefix)
                ORDER BY access_key_id LIMIT :limit""")
                .param("after", afterId).param("prefix", prefix).param("limit", limit)
                .query((rs, n) -> new Stored(rs.getString("access_key_id"), rs.getString("sealed_secret"))).list();
    }

    @Override
    public boolean replace(String id, String expected, String resealed) {
        return jdbc.sql("UPDATE access_key SET sealed_secret = :resealed WHERE access_key_id = :id "
                        + "AND sealed_secret = :expected")
                .param("resealed", resealed).param("id", id).param("expected", expected).update() == 1;
    }
}
