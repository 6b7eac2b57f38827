package dev.gantry.security;

import dev.gantry.security.internal.SigV4Canonical;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as it arrived, the input of {@link SigV4Verifier}: everything is taken as sent, not as a
 * framework decoded it, because the signature covers the bytes on the wire.
 *
 * @param method        the HTTP method, e.g. {@code GET}
 * @param rawPath       the path as sent, still percent-encoded (servlet {@code getRequestURI()}), e.g.
 *                      {@code /v1/clusters/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Acluster%2Fprod}
 * @param rawQuery      the query string as sent, without {@code ?} (servlet {@code getQueryString()}), or null
 * @param headers       every header with all its values in arrival order; names case-insensitive
 * @param payloadSha256 the lower-case hex SHA-256 of the body as received (of no bytes when there is no body)
 */
public record SigV4Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                           String payloadSha256) {

    public SigV4Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        headers = caseInsensitiveCopy(headers);
    }

    /** A request with its body; the verifier needs only the body's hash. */
    public static SigV4Request of(String method, String rawPath, String rawQuery,
                                  Map<String, ? extends Collection<String>> headers, byte[] body) {
        return new SigV4Request(method, rawPath, rawQuery, copy(headers), SigV4Canonical.sha256Hex(body));
    }

    /** A request whose body was hashed while it streamed by (lower-case hex SHA-256). */
    public static SigV4Request withPayloadHash(String method, String rawPath, String rawQuery,
                                               Map<String, ? extends Collection<String>> headers, String payloadSha256) {
        return new SigV4Request(method, rawPath, rawQuery, copy(headers), payloadSha256);
    }

    /**
     * Whether this request tries SigV4 at all (an {@code AWS4-}... Authorization header or an {@code X-Amz-Algorithm}
     * query parameter): what an authentication filter asks before choosing the SigV4 path over Basic or bearer.
     */
    public boolean carriesSigV4() {
        return carriesSigV4(firstHeader("Authorization").orElse(null), rawQuery);
    }

    /** {@link #carriesSigV4()} from the raw Authorization header and query string alone. */
    public static boolean carriesSigV4(String authorization, String rawQuery) {
        if (authorization != null && authorization.stripLeading().startsWith("AWS4-")) {
            return true;
        }
        return SigV4Canonical.queryHasParameter(rawQuery, "X-Amz-Algorithm");
    }

    /** All values of a header (any case of its name), empty when absent. */
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The first value of a header, when present. */
    public Optional<String> firstHeader(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Never prints the Authorization header or a presigned signature (a replayable credential within its window). */
    @Override
    public String toString() {
        return "SigV4Request[" + method + " " + rawPath + (rawQuery == null ? "" : "?<query>") + ", headers="
                + headers.keySet() + "]";
    }

    private static Map<String, List<String>> copy(Map<String, ? extends Collection<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        return copy;
    }

    private static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
        Map<String, List<String>> merged = copy(Objects.requireNonNull(headers, "headers"));
        Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(frozen);
    }
}
