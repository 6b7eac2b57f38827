package dev.gantry.security;

import dev.gantry.api.AwsJson;
import dev.gantry.api.RequestPaths;
import dev.gantry.shared.Arns;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outer edge of every request, just before Spring Security's filter chain: refuses with 429 a source whose
 * failed authentications are exhausted before its credentials are checked; after the answer, counts a 401 against
 * its source and records in the audit log every mutating call (whatever its outcome) and every failed
 * authentication, throttled or denied call (whatever the method). It sees the final status whoever wrote it (the
 * authentication entry point, the access-denied handler, a controller), so nothing else has to call the audit log
 * for REST v1. Recording happens after the answer is decided and never throws: it cannot change the answer.
 */
class AuditFilter extends OncePerRequestFilter {

    /** Just before Spring Security's filter chain (whose order is -100). */
    static final int ORDER = -101;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final AuditLog audit;
    private final RateLimits limits;
    private final Arns arns;
    private final JsonMapper json;

    AuditFilter(AuditLog audit, RateLimits limits, Arns arns, JsonMapper json) {
        this.audit = audit;
        this.limits = limits;
        this.arns = arns;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Action> action = RequestActions.of(request);
        AttemptedCredentials attempted = AttemptedCredentials.of(request);
        String source = request.getRemoteAddr();
        if (action.isPresent() || attempted.present()) {
            Optional<Duration> wait = limits.failedAuthenticationWait(source);
            if (wait.isPresent()) {
                Throttled.answer(request, response, wait.get(), json);
                after(request, response, action, attempted, null, false);
                return;
            }
        }
        RequestCaller caller = new RequestCaller();
        request.setAttribute(RequestCaller.ATTRIBUTE, caller);
        boolean threw = true;
        try {
            chain.doFilter(request, response);
            threw = false;
        } finally {
            if (request.isAsyncStarted()) {
                boolean failed = threw;
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        after(request, response, action, attempted, caller.get(), failed);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                after(request, response, action, attempted, caller.get(), threw);
            }
        }
    }

    private void after(HttpServletRequest request, HttpServletResponse response, Optional<Action> asReceived,
            AttemptedCredentials attempted, Caller caller, boolean threw) {
        try {
            // an ECS call's adapter names the cluster and resource once it has read the body
            Optional<Action> action = RequestActions.of(request).or(() -> asReceived);
            int status = threw && response.getStatus() < 400 ? 500 : response.getStatus();
            // an ECS call is refused with 400 whatever the reason: the outcome is that of REST's status for it
            int outcomeStatus = AwsJson.equivalentRestStatus(request, status);
            if (outcomeStatus == 401) {
                limits.failedAuthentication(request.getRemoteAddr());
            }
            AuditOutcome outcome = AuditOutcome.ofStatus(outcomeStatus);
            if (!action.map(Action::mutating).orElse(false) && !outcome.capped()) {
                return;
            }
            String cluster = action.map(Action::clusterName).map(c -> arns.clusterName(c).orElse(c)).orElse(null);
            audit.record(new AuditEntry(
                    caller != null ? caller.accessKeyId() : attempted.accessKeyId(),
                    request.getRemoteAddr(),
                    caller != null ? caller.protocol() : attempted.protocol(),
                    action.map(Action::name).orElse("Unknown"),
                    cluster,
                    action.map(Action::target).orElse(action.isPresent() ? null : RequestPaths.withinApplication(request)),
                    status, outcome, requestId(request)));
        } catch (RuntimeException e) {
            logger.error("Could not audit a request", e);
        }
    }


    /**
     * The request's id: an ECS call's own (the {@code x-amzn-RequestId} it was answered with), else as a proxy
     * (X-Request-Id) or an AWS SDK (amz-sdk-invocation-id) sent it, when well-formed.
     */
    static String requestId(HttpServletRequest request) {
        String own = AwsJson.requestId(request);
        if (own != null) {
            return own;
        }
        for (String header : new String[] {"X-Request-Id", "amz-sdk-invocation-id"}) {
            String value = request.getHeader(header);
            if (value != null && REQUEST_ID.matcher(value).matches()) {
                return value;
            }
        }
        return null;
    }

    /** The authenticated caller of one request, noted by {@link CallerFilter} inside the security chain. */
    static final class RequestCaller {
        static final String ATTRIBUTE = RequestCaller.class.getName();
        private volatile Caller caller;

        Caller get() {
            return caller;
        }

        void set(Caller caller) {
            this.caller = caller;
        }
    }
}
