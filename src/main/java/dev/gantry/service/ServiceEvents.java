package dev.gantry.service;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes service events in ECS's wording ("(service NAME) ..."). The same message as the last one
 * is not repeated within an hour. Every recorded event is also logged with the service's fields.
 */
@Component
public class ServiceEvents {

    private static final Logger log = LoggerFactory.getLogger(ServiceEvents.class);
    public static final Duration QUIET = Duration.ofHours(1);

    private final ServiceRepository services;

    ServiceEvents(ServiceRepository services) {
        this.services = services;
    }

    public void record(Service service, String sentence) {
        String message = "(service " + service.name() + ") " + sentence;
        if (services.addEvent(service.id(), message, QUIET)) {
            log.atInfo().addKeyValue("cluster", service.clusterId()).addKeyValue("service", service.name())
                    .log("Service event: {}", message);
        }
    }
}
