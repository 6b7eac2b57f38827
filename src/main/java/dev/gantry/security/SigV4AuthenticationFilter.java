package dev.gantry.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * AWS Signature Version 4 on the REST API: a request carrying a SigV4 {@code Authorization} header or presigned
 * query is verified by {@link SigV4Verifier} (service {@code ecs}, any region, 15 minutes of skew, the payload hash
 * checked) and nothing else is tried for it; any other request passes on to Basic and bearer. The body is read once,
 * here, within {@code api.BodySizeLimitFilter}'s limit (that filter runs before the security chain), hashed, and
 * handed on as a re-readable request so the controller reads the same bytes that were verified.
 */
final class SigV4AuthenticationFilter extends OncePerRequestFilter {

    static final String PROTOCOL = "sigv4";

    private final SigV4Verifier verifier;
    private final ActiveKeys keys;
    private final AuthenticationEntryPoint refusals;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    SigV4AuthenticationFilter(SigV4Verifier verifier, ActiveKeys keys, AuthenticationEntryPoint refusals) {
        this.verifier = verifier;
        this.keys = keys;
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SigV4Request.carriesSigV4(request.getHeader("Authorization"), request.getQueryString())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        SigV4Result<ActiveKey> result;
        try {
            result = verifier.verify(SigV4Request.of(request.getMethod(), request.getRequestURI(),
                    request.getQueryString(), headers(request), body), keys::active, ActiveKey::secretAccessKey);
        } catch (DataAccessException e) {
            contexts.clearContext();
            refusals.commence(request, response, new InternalAuthenticationServiceException(e.getMessage(), e));
            return;
        }
        switch (result) {
            case SigV4Result.Accepted<ActiveKey> accepted -> {
                try {
                    keys.used(accepted.accessKeyId());
                } catch (DataAccessException e) {
                    contexts.clearContext();
                    refusals.commence(request, response, new InternalAuthenticationServiceException(e.getMessage(), e));
                    return;
                }
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new CallerAuthentication(
                        accepted.key().caller(PROTOCOL, request.getRemoteAddr())));
                contexts.setContext(context);
                repository.saveContext(context, request, response);
                chain.doFilter(new ReadBody(request, body), response);
            }
            case SigV4Result.Refused<ActiveKey> refused -> {
                contexts.clearContext();
                refusals.commence(request, response,
                        new SecurityAnswers.CodedAuthenticationException(refused.ecsErrorCode(), refused.message()));
            }
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    /** The request with its body already read: every read gets the verified bytes again. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
