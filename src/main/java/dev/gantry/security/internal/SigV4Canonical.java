package dev.gantry.security.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The pure parts of AWS Signature Version 4 that turn a request as received into the canonical request the client
 * signed: path, query and header canonicalisation, percent-encoding, hashing. Each rule matches what the AWS SDK for
 * Java v2's signer does for a service other than S3 (double URL encoding and path normalisation on), see
 * docs/design/sigv4.md. Works on bytes where the wire is bytes, so no re-decoding as UTF-8 can make two different
 * requests canonicalise alike.
 */
public final class SigV4Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private SigV4Canonical() {
    }

    /** A query parameter as received: name and value percent-decoded to bytes ({@code +} is a space, as servlets read it). */
    public record QueryParameter(byte[] name, byte[] value) {
    }

    /** Thrown for a query string with a broken percent-escape, which no signer produces. */
    public static final class MalformedQueryException extends RuntimeException {
        public MalformedQueryException(String message) {
            super(message);
        }
    }

    /**
     * The canonical URI of a raw path: normalised (dot segments and repeated slashes removed, as
     * {@code java.net.URI.normalize()} does, the SDK's own step), then every byte but the unreserved characters and
     * {@code /} percent-encoded once more. The SDK signs the already-encoded path encoded again for every service but
     * S3, so {@code %3A} in the path is {@code %253A} in the canonical URI.
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String normalized = normalize(rawPath);
        if (normalized.isEmpty()) {
            return "/";
        }
        String encoded = encode(normalized.getBytes(StandardCharsets.UTF_8), true);
        if (!encoded.startsWith("/")) {
            // the SDK appends rather than prepends here; a request path always starts with '/', so this never differs
            encoded += "/";
        }
        // normalising "/a/b/." leaves a trailing slash the sent path did not have: the SDK removes it again
        boolean sentWithTrailingSlash = decodedEndsWithSlash(rawPath);
        if (encoded.length() > 1 && encoded.endsWith("/") && !sentWithTrailingSlash) {
            encoded = encoded.substring(0, encoded.length() - 1);
        }
        return encoded;
    }

    /**
     * The path the SDK signs after {@code URI.normalize()}; a path {@code java.net.URI} cannot parse (no SDK can send
     * one) is taken as it is.
     */
    static String normalize(String rawPath) {
        try {
            URI uri = new URI("http://gantry" + rawPath);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null) {
                return rawPath;
            }
            return uri.normalize().getRawPath();
        } catch (URISyntaxException e) {
            return rawPath;
        }
    }

    private static boolean decodedEndsWithSlash(String rawPath) {
        if (rawPath.endsWith("/")) {
            return true;
        }
        int n = rawPath.length();
        return n >= 3 && rawPath.charAt(n - 3) == '%' && rawPath.charAt(n - 2) == '2'
                && (rawPath.charAt(n - 1) == 'F' || rawPath.charAt(n - 1) == 'f');
    }

    /**
     * Splits a raw query string into its parameters in order, percent-decoded; {@code a} without {@code =} has the
     * empty value.
     *
     * @throws MalformedQueryException for a {@code %} not followed by two hex digits
     */
    public static List<QueryParameter> parseQuery(String rawQuery) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new QueryParameter(decode(name), decode(value)));
        }
        return parameters;
    }

    /** Whether a raw query string has a parameter of exactly this name (undecodable strings have none). */
    public static boolean queryHasParameter(String rawQuery, String name) {
        try {
            return first(parseQuery(rawQuery), name).isPresent();
        } catch (MalformedQueryException e) {
            return false;
        }
    }

    /** The decoded value of the first parameter of this name, as text. */
    public static Optional<String> first(List<QueryParameter> parameters, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (QueryParameter parameter : parameters) {
            if (java.util.Arrays.equals(parameter.name(), wanted)) {
                return Optional.of(new String(parameter.value(), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** How many parameters have this name. */
    public static long count(List<QueryParameter> parameters, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        return parameters.stream().filter(p -> java.util.Arrays.equals(p.name(), wanted)).count();
    }

    /**
     * The canonical query string: each name and value percent-encoded (everything but {@code A-Z a-z 0-9 - _ . ~}),
     * sorted by name and then by value, {@code name=value} joined by {@code &}. Parameters with an empty name are not
     * signed (the SDK skips them), nor those {@code excluded} says (the presigned form's {@code X-Amz-Signature}).
     */
    public static String canonicalQuery(List<QueryParameter> parameters, Predicate<String> excluded) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (QueryParameter parameter : parameters) {
            if (parameter.name().length == 0) {
                continue;
            }
            String name = encode(parameter.name(), false);
            if (excluded.test(new String(parameter.name(), StandardCharsets.UTF_8))) {
                continue;
            }
            sorted.computeIfAbsent(name, n -> new ArrayList<>()).add(encode(parameter.value(), false));
        }
        StringBuilder query = new StringBuilder();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(value -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(name).append('=').append(value);
        }));
        return query.toString();
    }

    /**
     * The canonical headers block for the signed header names in the order given: {@code name:values\n} per header,
     * several values of one header joined by {@code ,}, each value trimmed and its runs of white space collapsed to
     * one space. A signed header the request does not carry canonicalises with the empty value.
     */
    public static String canonicalHeaders(List<String> signedHeaders, Map<String, List<String>> headers) {
        StringBuilder block = new StringBuilder();
        for (String name : signedHeaders) {
            block.append(name).append(':');
            List<String> values = headers.getOrDefault(name, List.of());
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    block.append(',');
                }
                block.append(trimAndCollapse(values.get(i)));
            }
            block.append('\n');
        }
        return block.toString();
    }

    /** A header value trimmed, with each run of white space (space, tab, CR, LF, VT, FF) replaced by one space. */
    public static String trimAndCollapse(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhiteSpace(c)) {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }

    /** Percent-encodes bytes as SigV4 wants: unreserved characters as they are, every other byte as {@code %XY}. */
    public static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Percent-decodes to bytes; {@code +} is a space, as a servlet container reads query parameters. */
    static byte[] decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0 || Character.digit(bytes[i + 2], 16) < 0) {
                    throw new MalformedQueryException("broken percent-escape in the query string");
                }
                out.write(Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
                i += 2;
            } else if (b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    /** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the text is 64 lower-case hex digits (a SHA-256 or a SigV4 signature). */
    public static boolean isSha256Hex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
