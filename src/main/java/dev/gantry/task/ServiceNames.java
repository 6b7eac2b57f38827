package dev.gantry.task;

import dev.gantry.shared.ServiceId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name of the service a task belongs to, for labels and logs. A service's name never changes, so each is
 * read once from the service module ({@link ServiceDirectory}) and kept while used: at most {@code gantry.caches.names} (deleted services age out).
 */
@Component
public class ServiceNames {

    private final ServiceDirectory services;
    private final Cache<Long, String> names;

    ServiceNames(ServiceDirectory services, @Value("${gantry.caches.names:100000}") long maximumSize) {
        this.services = services;
        this.names = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** Empty for a standalone task (no service id) or a service that does not exist. */
    public Optional<String> of(ServiceId serviceId) {
        if (serviceId == null) {
            return Optional.empty();
        }
        String cached = names.getIfPresent(serviceId.value());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> read = services.nameOf(serviceId.value());
        read.ifPresent(name -> names.put(serviceId.value(), name));
        return read;
    }
}
