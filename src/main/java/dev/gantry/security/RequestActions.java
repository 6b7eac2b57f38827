package dev.gantry.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The action of one HTTP request, resolved once and kept on the request: the audit, rate-limit and authorisation
 * filters all ask for it, and each must see the same action (one lookup in {@link RestActions} per request, not
 * one per filter). HEAD is the GET of the same path (Spring MVC serves it with the GET handler), so it is audited,
 * rate limited and authorised as that GET.
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
        Optional<Action> action = RestActions.of(method(request.getMethod()), AuditFilter.path(request));
        request.setAttribute(ATTRIBUTE, action);
        return action;
    }

    static String method(String method) {
        return method.equals("HEAD") ? "GET" : method;
    }
}
