package dev.gantry.security;

/**
 * Why a SigV4 request was refused, and the ECS error each reason is answered with (ECS is a JSON 1.1 service: it
 * answers authentication failures with HTTP 400 and the error code in {@code __type}). REST v1 answers every one of
 * them with 401 and its own problem+json; the ECS protocol endpoint answers with {@link #ecsErrorCode()}.
 */
public enum SigV4Refusal {
    /** Neither an {@code Authorization: AWS4-HMAC-SHA256 ...} header nor an {@code X-Amz-Algorithm} query parameter. */
    MISSING_AUTHENTICATION("MissingAuthenticationTokenException"),
    /** The signature's parts are missing or malformed: credential scope, signed headers, date, algorithm, expiry. */
    INCOMPLETE_SIGNATURE("IncompleteSignatureException"),
    /** The access key id is unknown, revoked or expired (or a session token was sent; Gantry issues none). */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException"),
    /** The signature does not match: wrong secret, tampered method/path/query/header/body, wrong service. */
    INVALID_SIGNATURE("InvalidSignatureException"),
    /** The request's date is outside the 15-minute window, or a presigned URL has expired. */
    SIGNATURE_EXPIRED("InvalidSignatureException");

    private final String ecsErrorCode;

    SigV4Refusal(String ecsErrorCode) {
        this.ecsErrorCode = ecsErrorCode;
    }

    /** The {@code __type} ECS answers this refusal with. */
    public String ecsErrorCode() {
        return ecsErrorCode;
    }

    /** The HTTP status ECS answers this refusal with: 400 for all of them (AWS JSON protocol services). */
    public int ecsHttpStatus() {
        return 400;
    }
}
