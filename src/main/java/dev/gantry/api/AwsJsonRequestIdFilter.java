package dev.gantry.api;

import dev.gantry.shared.Randomness;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every ECS call its request id before anything can answer it, so the header is on every response, a
 * refusal by the body limit or by authentication included (SDKs put it into their exceptions and logs, and
 * operators quote it), and the audit log records the same id.
 */
@Component
@Order(AwsJsonRequestIdFilter.ORDER)
public class AwsJsonRequestIdFilter extends OncePerRequestFilter {

    /** Before the body limit (-110) and the security chain (-100). */
    public static final int ORDER = -120;

    private final Randomness randomness;

    public AwsJsonRequestIdFilter(Randomness randomness) {
        this.randomness = randomness;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !AwsJson.isCall(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = randomness.newUuid().toString();
        request.setAttribute(AwsJson.REQUEST_ID_ATTRIBUTE, id);
        response.setHeader(AwsJson.REQUEST_ID_HEADER, id);
        chain.doFilter(request, response);
    }
}
