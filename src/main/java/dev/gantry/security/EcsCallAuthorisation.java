package dev.gantry.security;

import dev.gantry.security.Authorisation.Decision;
import dev.gantry.shared.GantryProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Authorisation of an ECS protocol call, which the security chain cannot finish alone: the cluster is a member of
 * the JSON body, so the protocol adapter calls this once it has read it and before it acts. The decision is the
 * one REST v1 gets ({@link Authorisation}, same roles, same cluster limits, same hiding), and the cluster and
 * resource named here go into the call's audit row.
 */
@Component
public class EcsCallAuthorisation {

    private final Authorisation authorisation;

    /**
     * Its own {@link Authorisation} (a pure function of the ARN format), not the web chain's bean: the ECS adapter's
     * beans exist in every application context, also one without a web server (LocalEngineBootstrapIT's), where
     * the security chain's beans do not.
     */
    EcsCallAuthorisation(GantryProperties properties) {
        this.authorisation = new Authorisation(properties.arns());
    }

    /**
     * The decision for this call addressing {@code clusterReference} (a name or ARN as sent, null for none) and
     * {@code target} (the resource below the cluster, for the audit row; may be null). Without an authenticated
     * caller (which the chain never lets through) the answer is DENY.
     */
    public Decision authorise(HttpServletRequest request, String clusterReference, String target) {
        Optional<Caller> caller = Callers.current();
        Optional<Action> received = RequestActions.of(request);
        if (caller.isEmpty() || received.isEmpty()) {
            return Decision.DENY;
        }
        Action action = received.get();
        Action addressed = new Action(action.name(), action.access(), action.mutating(), clusterReference, target);
        RequestActions.address(request, addressed);
        return authorisation.decide(caller.get(), Optional.of(addressed));
    }

    /** The clusters the caller is limited to, if it is (for lists and batch describes to leave the others out). */
    public Optional<Set<String>> visibleClusters() {
        return Callers.current().filter(Caller::limitedToClusters).map(Caller::clusters);
    }
}
