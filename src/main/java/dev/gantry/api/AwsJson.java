package dev.gantry.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ECS wire protocol's transport as every layer sees it (awsJson1_1, ecs-semantics §4.1–4.2): what makes a request
 * an ECS call ({@code POST /}), its headers, and its error shape {@code {"__type", "message"}}. The security filters
 * answer an ECS call's refusals in this shape, the protocol adapter its own errors; REST v1 keeps problem+json.
 */
public final class AwsJson {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String TARGET_HEADER = "X-Amz-Target";
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    /** The request attribute holding this call's request id (set by {@link AwsJsonRequestIdFilter}). */
    public static final String REQUEST_ID_ATTRIBUTE = AwsJson.class.getName() + ".requestId";

    /** The request attribute holding the {@code __type} an ECS call was answered with, if it was an error. */
    public static final String ERROR_TYPE_ATTRIBUTE = AwsJson.class.getName() + ".errorType";

    private AwsJson() {
    }

    /** Whether the request is a call of the ECS protocol: every ECS call is {@code POST /}, whatever its target. */
    public static boolean isCall(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/".equals(RequestPaths.withinApplication(request));
    }

    /** The action an ECS call names in {@code X-Amz-Target}, or null when the header is missing or of another service. */
    public static String action(HttpServletRequest request) {
        String target = request.getHeader(TARGET_HEADER);
        if (target == null || !target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
            return null;
        }
        return target.substring(TARGET_PREFIX.length());
    }

    /** This call's request id, as sent in {@code x-amzn-RequestId}, or null outside the ECS protocol. */
    public static String requestId(HttpServletRequest request) {
        return request.getAttribute(REQUEST_ID_ATTRIBUTE) instanceof String id ? id : null;
    }

    /**
     * Writes an ECS error: HTTP 400 for every client error and 500 only for {@code ServerException} (the caller
     * passes the status), the body {@code {"__type": type, "message": message}} as ECS sends it (lowercase
     * {@code message}).
     */
    public static void writeError(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            int status, String type, String message) throws IOException {
        request.setAttribute(ERROR_TYPE_ATTRIBUTE, type);
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        json.writeValue(response.getOutputStream(), body);
    }

    /**
     * The HTTP status ECS answers an error code with: 500 for {@code ServerException} only, 400 for everything else
     * (ECS answers not-found, conflicts, throttling and authentication refusals with 400 too).
     */
    public static int statusOf(String type) {
        return "ServerException".equals(type) ? 500 : 400;
    }

    /**
     * The status REST v1 answers the same refusal with. ECS answers nearly every error with 400, so the audit log
     * and the failed-login limit, which tell a denial from a failed login by status, ask this instead.
     */
    public static int equivalentRestStatus(HttpServletRequest request, int status) {
        if (!(request.getAttribute(ERROR_TYPE_ATTRIBUTE) instanceof String type)) {
            return status;
        }
        return switch (type) {
            case "MissingAuthenticationTokenException", "UnrecognizedClientException", "InvalidSignatureException",
                    "IncompleteSignatureException" -> 401;
            case "AccessDeniedException" -> 403;
            case "ThrottlingException" -> 429;
            default -> status;
        };
    }

}
