package dev.gantry.security;

import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** ListAuditEvents: newest first, keyset-paginated like every list. */
@Component
class AuditEventQueries {

    private final AuditEvents events;

    AuditEventQueries(AuditEvents events) {
        this.events = events;
    }

    @Transactional(readOnly = true)
    Page<AuditEventView> list(AuditQuery query, Integer maxResults, String nextToken) {
        Keyset keyset = Keyset.of(maxResults, nextToken);
        return keyset.page(events.list(query, keyset.afterAs(AuditEvents.Position::parse, AuditEvents.Position.NEWEST),
                keyset.limit()), s -> s.position().toString(), shown -> shown.stream().map(AuditEventView::of).toList());
    }
}
