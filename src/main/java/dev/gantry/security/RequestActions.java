package dev.gantry.security;

import dev.gantry.api.AwsJson;
import dev.gantry.api.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The action of one HTTP request, resolved once and kept on the request: the audit, rate-limit and authorisation
 * filters all ask for it, and each must see the same action (one lookup in {@link RestActions} per request, not
 * one per filter). HEAD is the GET of the same path (Spring MVC serves it with the GET handler), so it is audited,
 * rate limited and authorised as that GET. An ECS call ({@code POST /}) is the action its {@code X-Amz-Target}
 * names ({@link EcsActions}).
 */
final class RequestActions {

    private static final String ATTRIBUTE = RequestActions.class.getName();

    private RequestActions() {
    }

    @SuppressWarnings("unchecked")
    static Optional<Action> of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Optional<?> known) {
            return (Optional<Action>) known;
        }
        Optional<Action> action = AwsJson.isCall(request)
                ? Optional.of(EcsActions.of(AwsJson.action(request)))
                : RestActions.of(method(request.getMethod()), RequestPaths.withinApplication(request));
        request.setAttribute(ATTRIBUTE, action);
        return action;
    }

    /**
     * The same action, now knowing the cluster and resource it addresses: the ECS protocol names them in the body,
     * which only its adapter reads; the audit row written after the answer records these.
     */
    static void address(HttpServletRequest request, Action addressed) {
        request.setAttribute(ATTRIBUTE, Optional.of(addressed));
    }

    static String method(String method) {
        return method.equals("HEAD") ? "GET" : method;
    }
}
