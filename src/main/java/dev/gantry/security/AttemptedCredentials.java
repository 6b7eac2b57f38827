package dev.gantry.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request's credentials claim, read without checking them: for the audit row of a failed authentication
 * (which key was tried, over which protocol) and to know whether a request tries to authenticate at all. The access
 * key id is kept only when it has the access key format ({@code GK} and 18 of A-Z, 0-9): anything else in that place
 * might be a secret pasted into the wrong field, and a secret (40 characters of A-Z, a-z, 0-9, /, +) never has it.
 *
 * @param protocol    {@code basic}, {@code sigv4}, {@code jwt}, or null when the request carries no credentials
 * @param accessKeyId the claimed key id, null when none or not of the format
 */
record AttemptedCredentials(String protocol, String accessKeyId) {

    static final AttemptedCredentials NONE = new AttemptedCredentials(null, null);

    private static final Pattern KEY_ID = Pattern.compile("GK[A-Z0-9]{18}");
    private static final Pattern SIGV4_CREDENTIAL = Pattern.compile("Credential=([^/,\\s]*)/");

    boolean present() {
        return protocol != null;
    }

    static AttemptedCredentials of(HttpServletRequest request) {
        return of(request.getHeader("Authorization"), queryParameter(request.getQueryString(), "X-Amz-Credential"));
    }

    /** One query parameter, read from the query string alone (getParameter would read a form body). */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    /** From the Authorization header and the presigned form's {@code X-Amz-Credential} query parameter. */
    static AttemptedCredentials of(String authorization, String amzCredential) {
        if (authorization != null) {
            String value = authorization.strip();
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith("basic ")) {
                return new AttemptedCredentials("basic", basicUser(value.substring(6).strip()));
            }
            if (lower.startsWith("aws4-hmac-sha256")) {
                Matcher m = SIGV4_CREDENTIAL.matcher(value);
                return new AttemptedCredentials("sigv4", m.find() ? keyId(m.group(1)) : null);
            }
            if (lower.startsWith("bearer ")) {
                return new AttemptedCredentials("jwt", null);
            }
            return new AttemptedCredentials("unknown", null);
        }
        if (amzCredential != null) {
            int slash = amzCredential.indexOf('/');
            return new AttemptedCredentials("sigv4", keyId(slash < 0 ? amzCredential : amzCredential.substring(0, slash)));
        }
        return NONE;
    }

    private static String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return keyId(colon < 0 ? decoded : decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static String keyId(String candidate) {
        return candidate != null && KEY_ID.matcher(candidate).matches() ? candidate : null;
    }
}
