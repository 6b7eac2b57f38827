package dev.gantry.security;

import dev.gantry.api.ApiException;
import dev.gantry.shared.Arns;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The filters of GET /v1/audit-events, each optional; a bad one is a 400 naming it.
 *
 * @param accessKeyId events of this key
 * @param cluster     events addressing this cluster (by name; an ARN is reduced to the name)
 * @param action      events of this action name
 * @param outcome     events of this outcome
 * @param from        events at or after this instant
 * @param to          events before this instant
 */
record AuditQuery(String accessKeyId, String cluster, String action, AuditOutcome outcome, Instant from, Instant to) {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("GK[A-Z0-9]{18}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null);

    static AuditQuery parse(String accessKeyId, String cluster, String action, String outcome, String from, String to,
            Arns arns) {
        if (accessKeyId != null && !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            throw ApiException.invalidParameter("accessKeyId", "must be an access key id: GK and 18 of A-Z, 0-9");
        }
        String clusterName = null;
        if (cluster != null) {
            clusterName = arns.clusterName(cluster).orElseThrow(
                    () -> ApiException.invalidParameter("cluster", "must be a cluster name or cluster ARN"));
        }
        if (action != null && !ACTION.matcher(action).matches()) {
            throw ApiException.invalidParameter("action", "must be an action name such as CreateCluster");
        }
        AuditOutcome wanted = null;
        if (outcome != null) {
            try {
                wanted = AuditOutcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("outcome", "must be one of " + java.util.Arrays.toString(AuditOutcome.values()));
            }
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.invalidParameter("to", "must be after from");
        }
        return new AuditQuery(accessKeyId, clusterName, action, wanted, start, end);
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter(field, "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T10:00:00Z");
        }
    }
}
