package dev.gantry.reconcile;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This installation's id: a random UUID generated once by migration V8 and read from the database, so all the
 * replicas of one installation share it and another installation (another database) has its own. Every
 * container Gantry creates carries it as {@code gantry.installation}; the host loop never touches a container
 * without ours (two installations registering one engine, or containers of other tools).
 */
@Component
public class Installation {

    private final String id;

    Installation(JdbcClient jdbc) {
        this.id = jdbc.sql("SELECT CAST(id AS text) FROM gantry_installation").query(String.class).single();
    }

    public String id() {
        return id;
    }
}
