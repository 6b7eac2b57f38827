package dev.gantry.security;

import dev.gantry.shared.Arns;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a caller may perform an action: object level first (OWASP API1: a key limited to some clusters does not see
 * the others), then function level (API5: the role must allow the action's access). Pure: the caller, the action and
 * the ARN format in, a decision out; no database, so the decision for a cluster the key may not see takes the same
 * work whether that cluster exists or not.
 *
 * <ol>
 *   <li>No row in {@link RestActions} (an unknown path, a method the path does not allow, actuator endpoints other
 *       than the scrape): only an ADMIN key without a cluster limit passes, and the application answers it as it
 *       would (404, 405, the actuator's answer). Every other key is denied: a new endpoint without a row is closed,
 *       not open.</li>
 *   <li>The action addresses a cluster the key does not see: {@link Decision#HIDE}, whatever the role, so a
 *       READ_ONLY key limited to {@code a} writing to {@code b} learns nothing about {@code b} from a 403.</li>
 *   <li>A cluster-limited key asking for something that spans every cluster and cannot be narrowed to its own:
 *       creating clusters (CreateCluster answers an existing cluster's counts), access keys (a limited ADMIN must not
 *       mint an unlimited key), the audit log, the metrics scrape (gauges of every cluster): denied.</li>
 *   <li>The role does not allow the action's access: {@link Decision#DENY}.</li>
 * </ol>
 *
 * A cluster reference that is no name or ARN of this Gantry is not hidden: it names no cluster, and the endpoint
 * answers it 400 before it reads anything, to every key alike.
 */
public record Authorisation(Arns arns) {

    /** What to answer. */
    public enum Decision {
        /** Serve the request. */
        ALLOW,
        /** 403 AccessDeniedException: the key sees the resource but its role (or its cluster limit) forbids this. */
        DENY,
        /** Answer as if the addressed cluster did not exist: 404 ClusterNotFoundException. */
        HIDE
    }

    /** Actions whose answer spans every cluster and that no filter can narrow to a key's clusters. */
    private static final Set<String> ACROSS_ALL_CLUSTERS = Set.of("ScrapeMetrics");

    public Authorisation {
        Objects.requireNonNull(arns, "arns");
    }

    public Decision decide(Caller caller, Optional<Action> requested) {
        if (requested.isEmpty()) {
            return caller.role() == Role.ADMIN && !caller.limitedToClusters() ? Decision.ALLOW : Decision.DENY;
        }
        Action action = requested.get();
        if (caller.limitedToClusters()) {
            if (action.clusterName() != null) {
                Optional<String> name = arns.clusterName(action.clusterName());
                if (name.isPresent() && !caller.sees(name.get())) {
                    return Decision.HIDE;
                }
            } else if (spansAllClusters(action)) {
                return Decision.DENY;
            }
        }
        return action.access().allowedFor(caller.role()) ? Decision.ALLOW : Decision.DENY;
    }

    /**
     * Administration outside any one cluster (CreateCluster, access keys, the audit log) and the actions named in
     * {@link #ACROSS_ALL_CLUSTERS}. Reading task definitions and listing clusters are not among them: task
     * definitions are account-level in ECS, visible to every key, and ListClusters leaves out in its query what the
     * key does not see.
     */
    private static boolean spansAllClusters(Action action) {
        return action.access() == Access.ADMINISTER || ACROSS_ALL_CLUSTERS.contains(action.name());
    }
}
