package dev.gantry.security;

import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "Who did what: mutating calls, failed authentications, throttled and denied calls")
@StandardErrors
class AuditEventController {

    private final AuditEventQueries queries;
    private final Arns arns;

    AuditEventController(AuditEventQueries queries, GantryProperties gantry) {
        this.queries = queries;
        this.arns = gantry.arns();
    }

    @GetMapping("/v1/audit-events")
    @Operation(summary = "ListAuditEvents", description = "ADMIN only. Newest first, paginated. Filters: accessKeyId, "
            + "cluster (name or ARN), action, outcome (ALLOWED, REJECTED, DENIED, FAILED_AUTHENTICATION, THROTTLED, "
            + "ERROR), from (inclusive) and to (exclusive) as ISO-8601 date-times.")
    Page<AuditEventView> list(@RequestParam(required = false) String accessKeyId,
            @RequestParam(required = false) String cluster, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Integer maxResults,
            @RequestParam(required = false) String nextToken) {
        return queries.list(AuditQuery.parse(accessKeyId, cluster, action, outcome, from, to, arns), maxResults, nextToken);
    }
}
