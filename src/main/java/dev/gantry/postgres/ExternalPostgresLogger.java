package dev.gantry.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says in the log which external PostgreSQL is in use (without credentials). */
@Component
@ConditionalOnProperty(prefix = "spring.datasource", name = "url")
class ExternalPostgresLogger {

    private static final Logger log = LoggerFactory.getLogger(ExternalPostgresLogger.class);
    private final Environment env;

    ExternalPostgresLogger(Environment env) {
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String url = env.getProperty("spring.datasource.url", "");
        log.info("Using external PostgreSQL at {}", url.replaceAll("(?i)(password=)[^&;]*", "$1***"));
    }
}
