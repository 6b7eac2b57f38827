package dev.gantry.task;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The name of the service a task belongs to, for labels and logs. A service's name never changes, so each is read once. */
@Component
public class ServiceNames {

    private final JdbcClient jdbc;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    ServiceNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty for a standalone task (no service id) or a service that does not exist. */
    public Optional<String> of(Long serviceId) {
        if (serviceId == null) {
            return Optional.empty();
        }
        String cached = names.get(serviceId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> read = jdbc.sql("SELECT name FROM service WHERE id = :id").param("id", serviceId)
                .query(String.class).optional();
        read.ifPresent(name -> names.put(serviceId, name));
        return read;
    }
}
