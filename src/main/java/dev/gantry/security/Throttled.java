package dev.gantry.security;

import dev.gantry.api.AwsJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** The 429 answer: problem+json as every error, ECS's ThrottlingException "Rate exceeded", and Retry-After. */
final class Throttled {

    static final String CODE = "ThrottlingException";

    private Throttled() {
    }

    static void answer(HttpServletRequest request, HttpServletResponse response, Duration retryAfter, JsonMapper json)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        if (AwsJson.isCall(request)) {
            // ECS's own answer (HTTP 400), which the AWS SDKs and CLI retry with back-off
            AwsJson.writeError(request, response, json, 400, CODE, "Rate exceeded");
            return;
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Rate exceeded");
        body.setType(URI.create("https://gantry.dev/problems/" + CODE));
        body.setTitle(CODE);
        body.setProperty("code", CODE);
        body.setProperty("errors", List.of());
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
