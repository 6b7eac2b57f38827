package dev.gantry.security;

import dev.gantry.api.AwsJson;
import dev.gantry.api.RequestPaths;
import dev.gantry.api.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.server.PathContainer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Authorises every request of the security filter chain once authentication has run: the action from
 * {@link RestActions}, the decision from {@link Authorisation}, then serve, refuse with 403 or answer as a cluster
 * that does not exist. It belongs inside Spring Security's chain, after the {@code AuthorizationFilter} (which has
 * already refused requests without credentials), so a refusal thrown here reaches the chain's
 * {@code ExceptionTranslationFilter} and its problem+json 403; it is not registered as a servlet filter of its own.
 *
 * <p>A hidden cluster's 404 is rendered by the same {@code @RestControllerAdvice} (api.ProblemHandler) from the same
 * {@link ApiException#clusterNotFound()} the cluster module throws for a name it does not know, so status, headers
 * and body are those of a missing cluster. It is answered here, before the request reaches any endpoint, so no
 * database work is done for it that a missing name would not cause either: the decision reads only the key.
 *
 * <p>Not filtered: the health probes, Swagger UI and the OpenAPI document (they hold no data; whether they need
 * credentials at all is the chain's setting {@code gantry.security.open-api-docs}), and error and async dispatches
 * (the original request was authorised; {@link OncePerRequestFilter} skips them).
 */
public class AuthorisationFilter extends OncePerRequestFilter {

    private static final PathPatternParser PARSER = new PathPatternParser();
    /** Readable by anyone the chain lets in: probes and the API's own description. */
    static final List<PathPattern> PUBLIC_PATHS = List.of(
            PARSER.parse("/actuator/health"), PARSER.parse("/actuator/health/**"),
            PARSER.parse("/v3/api-docs"), PARSER.parse("/v3/api-docs/**"),
            PARSER.parse("/swagger-ui.html"), PARSER.parse("/swagger-ui/**"));

    private final Authorisation authorisation;
    private final HandlerExceptionResolver problems;

    /**
     * @param problems the MVC exception resolvers (bean {@code handlerExceptionResolver}), which render an
     *                 {@link ApiException} through api.ProblemHandler exactly as for a controller
     */
    public AuthorisationFilter(Authorisation authorisation, HandlerExceptionResolver problems) {
        this.authorisation = authorisation;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String raw = RequestPaths.withinApplication(request);
        if ("/".equals(raw) && "GET".equals(request.getMethod())) {
            return true; // the browser's redirect to the API's page (api docs or console), no data
        }
        PathContainer path = PathContainer.parsePath(raw);
        return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the chain authenticates every request that reaches here; one without a caller is a gap in it: 401, not served
        Caller caller = Callers.current().orElseThrow(() ->
                new AuthenticationCredentialsNotFoundException("The request carries no authenticated access key."));
        if (AwsJson.isCall(request)) {
            // the cluster of an ECS call is in its body: the protocol adapter authorises every call through
            // EcsCallAuthorisation once it has read it, before it acts
            chain.doFilter(request, response);
            return;
        }
        Optional<Action> action = RequestActions.of(request);
        switch (authorisation.decide(caller, action)) {
            case ALLOW -> chain.doFilter(request, response);
            case DENY -> throw new AccessDeniedException("Access key " + caller.accessKeyId()
                    + " is not authorized to perform: " + action.map(Action::name).orElse("this request"));
            case HIDE -> hide(request, response);
        }
    }

    private void hide(HttpServletRequest request, HttpServletResponse response) {
        ModelAndView rendered = problems.resolveException(request, response, null, ApiException.clusterNotFound());
        if (rendered == null) {
            // a context without api.ProblemHandler: never answer the request instead of answering it differently
            throw new IllegalStateException("No exception handler rendered ClusterNotFoundException");
        }
    }

}
