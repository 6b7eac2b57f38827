package dev.gantry.security;

import dev.gantry.api.AwsJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs after Spring Security's filter chain has authenticated the request (so only for requests it let through):
 * notes the caller for {@link AuditFilter}'s row, and applies the caller's rate limit for the action's group, answering
 * 429 ThrottlingException with Retry-After when its bucket is empty. A failure of the limiter itself lets the request
 * through (rate limiting fails open; authentication and authorisation do not depend on it).
 */
class CallerFilter extends OncePerRequestFilter {

    /** Just after Spring Security's filter chain (whose order is -100). */
    static final int ORDER = -99;

    private final RateLimits limits;
    private final JsonMapper json;

    CallerFilter(RateLimits limits, JsonMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Callers.current();
        if (caller.isPresent()) {
            if (request.getAttribute(AuditFilter.RequestCaller.ATTRIBUTE) instanceof AuditFilter.RequestCaller noted) {
                noted.set(caller.get());
            }
            if (AwsJson.isCall(request) && !SigV4AuthenticationFilter.PROTOCOL.equals(caller.get().protocol())) {
                // as on ECS: its protocol knows no other scheme, and a key sent in the clear is not a signature
                AwsJson.writeError(request, response, json, 400, "MissingAuthenticationTokenException",
                        "The ECS API accepts only requests signed with AWS Signature Version 4 (service ecs).");
                return;
            }
            Optional<Action> action = RequestActions.of(request);
            Optional<Duration> wait = Optional.empty();
            if (action.isPresent()) {
                try {
                    wait = limits.acquire(caller.get().accessKeyId(), action.get().name());
                } catch (RuntimeException e) {
                    logger.error("Rate limiter failed; letting the request through", e);
                }
            }
            if (wait.isPresent()) {
                Throttled.answer(request, response, wait.get(), json);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
