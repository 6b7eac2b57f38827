package dev.gantry.security;

import dev.gantry.api.AwsJson;
import dev.gantry.api.ProblemHandler;
import dev.gantry.postgres.DatabaseUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the API refuses a request it cannot authenticate or authorise: problem+json like every other error, 401 with
 * a {@code WWW-Authenticate} challenge for each scheme Gantry accepts (so curl, Swagger UI and SDKs know what to
 * send), 403 AccessDeniedException. The answer never says whether a key exists.
 */
final class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String BASIC_CHALLENGE = "Basic realm=\"gantry\", charset=\"UTF-8\"";
    static final String SIGV4_CHALLENGE = "AWS4-HMAC-SHA256";
    private static final Logger log = LoggerFactory.getLogger(SecurityAnswers.class);
    private static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    private final JsonMapper json;
    private final boolean bearer;

    SecurityAnswers(JsonMapper json, boolean bearer) {
        this.json = json;
        this.bearer = bearer;
    }

    /** A refusal with the ECS error code and message it answers with (SigV4's refusals name their own). */
    static class CodedAuthenticationException extends AuthenticationException {
        private final String code;

        CodedAuthenticationException(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof InternalAuthenticationServiceException && DatabaseUnavailable.is(failure)) {
            // the key store could not be asked: retryable, not the caller's fault
            log.warn("Database unavailable while authenticating a request: {}", failure.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DATABASE_RETRY_AFTER_SECONDS));
            ProblemHandler.write(request, response, json, HttpStatus.SERVICE_UNAVAILABLE, "ServerException",
                    "The database is unavailable; retry after the interval in Retry-After.");
            return;
        }
        if (failure instanceof InternalAuthenticationServiceException) {
            log.error("Authentication failed inside Gantry", failure);
            ProblemHandler.write(request, response, json, HttpStatus.INTERNAL_SERVER_ERROR, "ServerException",
                    "The server failed to handle the request; the failure is logged.");
            return;
        }
        if (!AwsJson.isCall(request)) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE);
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, SIGV4_CHALLENGE);
            if (failure instanceof OAuth2AuthenticationException) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            } else if (bearer) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
        }
        String code;
        String detail;
        if (failure instanceof CodedAuthenticationException coded) {
            code = coded.code();
            detail = coded.getMessage();
        } else if (failure instanceof InsufficientAuthenticationException) {
            code = "MissingAuthenticationTokenException";
            detail = "Missing credentials: send HTTP Basic with an access key id and its secret, or sign the request "
                    + "with AWS Signature Version 4 (service ecs)" + (bearer ? ", or send a bearer token." : ".");
        } else {
            code = "UnrecognizedClientException";
            detail = failure instanceof OAuth2AuthenticationException
                    ? "The bearer token is not valid." : "The access key id or secret is not valid.";
        }
        ProblemHandler.write(request, response, json, HttpStatus.UNAUTHORIZED, code, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        ProblemHandler.write(request, response, json, HttpStatus.FORBIDDEN, "AccessDeniedException",
                denied.getMessage() == null || denied.getMessage().equals("Access Denied")
                        ? "You are not authorized to perform this operation." : denied.getMessage());
    }
}
