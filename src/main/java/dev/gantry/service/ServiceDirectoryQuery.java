package dev.gantry.service;

import dev.gantry.task.ServiceDirectory;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The task module's questions about services, answered from the service table. */
@Component
class ServiceDirectoryQuery implements ServiceDirectory {

    private final JdbcClient jdbc;

    ServiceDirectoryQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> nameOf(long serviceId) {
        return jdbc.sql("SELECT name FROM service WHERE id = :id").param("id", serviceId).query(String.class).optional();
    }

    @Override
    public Optional<Long> newestIdNamed(long clusterId, String name) {
        return jdbc.sql("SELECT id FROM service WHERE cluster_id = :c AND name = :n ORDER BY id DESC LIMIT 1")
                .param("c", clusterId).param("n", name).query(Long.class).optional();
    }
}
