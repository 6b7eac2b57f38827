package dev.gantry.security;

import dev.gantry.security.SigV4Result.Accepted;
import dev.gantry.security.SigV4Result.Form;
import dev.gantry.security.SigV4Result.Refused;
import dev.gantry.security.internal.SigV4Authorization;
import dev.gantry.security.internal.SigV4Canonical;
import dev.gantry.security.internal.SigV4Canonical.MalformedQueryException;
import dev.gantry.security.internal.SigV4Canonical.QueryParameter;
import dev.gantry.security.internal.SigV4Scope;
import dev.gantry.security.internal.SigV4Signing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies AWS Signature Version 4 exactly as the AWS SDKs, the AWS CLI and {@code curl --aws-sigv4} sign for the
 * service {@code ecs}: the {@code Authorization} header form and the presigned query form, any region, a 15-minute
 * clock-skew window both ways, the body's hash checked. Pure apart from the clock and the caller's key lookup: it keeps
 * no state, logs nothing, and neither its results nor its exceptions carry the secret or the signature it computed.
 * The rules and the reasons for them: docs/design/sigv4.md.
 */
public final class SigV4Verifier {

    /** The signing name Gantry answers to: clients sign for the ECS service. */
    public static final String SERVICE = "ecs";
    /** How far a request's date may be from now, either way (AWS's window for SigV4). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The longest a presigned URL may be valid, as AWS allows: seven days. */
    public static final long MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
    /** The payload hash a presigned URL may carry instead of the body's. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** SHA-256 of no bytes: the payload hash of a request without a body. */
    static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static final String INVALID_SIGNATURE_MESSAGE = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";
    static final String UNRECOGNIZED_CLIENT_MESSAGE = "The security token included in the request is invalid.";
    static final String MISSING_AUTHENTICATION_MESSAGE = "Missing Authentication Token";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final String X_AMZ_CONTENT_SHA256 = "X-Amz-Content-Sha256";

    private final Clock clock;

    public SigV4Verifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies one request.
     *
     * @param request  the request as received
     * @param keys     finds the active key of an access key id: empty for an unknown, revoked or expired key
     * @param secretOf the key's secret access key (used to recompute the signature, then dropped)
     * @param <K>      the caller's key type, handed back in {@link Accepted#key()}
     */
    public <K> SigV4Result<K> verify(SigV4Request request, Function<String, Optional<K>> keys,
                                     Function<? super K, String> secretOf) {
        List<QueryParameter> query;
        try {
            query = SigV4Canonical.parseQuery(request.rawQuery());
        } catch (MalformedQueryException e) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "The query string is malformed: " + e.getMessage() + ".", null);
        }
        List<String> authorization = request.header("Authorization");
        boolean headerForm = authorization.stream().anyMatch(value -> value.stripLeading().startsWith("AWS4-"));
        boolean queryForm = SigV4Canonical.count(query, X_AMZ_ALGORITHM) > 0;
        if (headerForm && queryForm) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "Only one auth mechanism allowed; only the X-Amz-Algorithm"
                    + " query parameter or the Authorization header should be specified.", null);
        }
        if (headerForm) {
            if (authorization.size() != 1) {
                return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "Only one Authorization header is allowed.", null);
            }
            return verifyHeaderForm(request, query, authorization.getFirst(), keys, secretOf);
        }
        if (queryForm) {
            return verifyQueryForm(request, query, keys, secretOf);
        }
        return refused(SigV4Refusal.MISSING_AUTHENTICATION, MISSING_AUTHENTICATION_MESSAGE, null);
    }

    /** What the two forms read from the request before the shared checks. */
    private record Claim(String algorithm, SigV4Scope scope, String amzDate, List<String> signedHeaders,
                         String signature, Form form) {
    }

    private <K> SigV4Result<K> verifyHeaderForm(SigV4Request request, List<QueryParameter> query, String header,
                                                Function<String, Optional<K>> keys, Function<? super K, String> secretOf) {
        SigV4Authorization parsed = SigV4Authorization.parse(header);
        if (!parsed.algorithm().equals(SigV4Signing.ALGORITHM)) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '" + parsed.algorithm()
                    + "'; only " + SigV4Signing.ALGORITHM + " is accepted.", null);
        }
        SigV4Scope scope = parsed.credential() == null ? null : SigV4Scope.parse(parsed.credential());
        String claimedKey = scope == null ? null : scope.accessKeyId();
        List<String> problems = new java.util.ArrayList<>(parsed.problems());
        List<String> amzDates = request.header(X_AMZ_DATE);
        if (amzDates.isEmpty()) {
            problems.add("Authorization header requires existence of a 'X-Amz-Date' header.");
        } else if (amzDates.size() > 1) {
            problems.add("Only one 'X-Amz-Date' header is allowed.");
        }
        if (!problems.isEmpty()) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, String.join(" ", problems), claimedKey);
        }
        Claim claim = new Claim(parsed.algorithm(), scope, amzDates.getFirst().strip(),
                splitSignedHeaders(parsed.signedHeaders()), parsed.signature(), Form.HEADER);

        Optional<Refused<K>> payloadProblem = checkContentSha256(request, Form.HEADER, claimedKey);
        if (payloadProblem.isPresent()) {
            return payloadProblem.get();
        }
        return verifyClaim(request, query, claim, null, keys, secretOf);
    }

    private <K> SigV4Result<K> verifyQueryForm(SigV4Request request, List<QueryParameter> query,
                                               Function<String, Optional<K>> keys, Function<? super K, String> secretOf) {
        String algorithm = SigV4Canonical.first(query, X_AMZ_ALGORITHM).orElse("");
        if (!algorithm.equals(SigV4Signing.ALGORITHM)) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '" + algorithm
                    + "'; only " + SigV4Signing.ALGORITHM + " is accepted.", null);
        }
        List<String> problems = new java.util.ArrayList<>();
        for (String required : List.of(X_AMZ_CREDENTIAL, X_AMZ_DATE, X_AMZ_EXPIRES, X_AMZ_SIGNED_HEADERS,
                X_AMZ_SIGNATURE, X_AMZ_ALGORITHM)) {
            long count = SigV4Canonical.count(query, required);
            if (count == 0 || SigV4Canonical.first(query, required).orElse("").isEmpty()) {
                problems.add("AWS query-string parameters must include '" + required + "'.");
            } else if (count > 1) {
                problems.add("The query parameter '" + required + "' must appear only once.");
            }
        }
        SigV4Scope scope = SigV4Canonical.first(query, X_AMZ_CREDENTIAL).filter(c -> !c.isEmpty())
                .map(SigV4Scope::parse).orElse(null);
        String claimedKey = scope == null ? null : scope.accessKeyId();
        if (!problems.isEmpty()) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, String.join(" ", problems), claimedKey);
        }
        String expiresText = SigV4Canonical.first(query, X_AMZ_EXPIRES).orElseThrow();
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > MAX_PRESIGNED_EXPIRES_SECONDS || !expiresText.matches("[0-9]+")) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be a whole number of seconds from 1"
                    + " to " + MAX_PRESIGNED_EXPIRES_SECONDS + " (seven days), not '" + expiresText + "'.", claimedKey);
        }
        Claim claim = new Claim(algorithm, scope, SigV4Canonical.first(query, X_AMZ_DATE).orElseThrow(),
                splitSignedHeaders(SigV4Canonical.first(query, X_AMZ_SIGNED_HEADERS).orElseThrow()),
                SigV4Canonical.first(query, X_AMZ_SIGNATURE).orElseThrow(), Form.PRESIGNED_QUERY);
        Optional<Refused<K>> payloadProblem = checkContentSha256(request, Form.PRESIGNED_QUERY, claimedKey);
        if (payloadProblem.isPresent()) {
            return payloadProblem.get();
        }
        return verifyClaim(request, query, claim, Duration.ofSeconds(expires), keys, secretOf);
    }

    /**
     * The checks both forms share, in AWS's order: credential scope well formed, date well formed and within the
     * window, service and scope date right, key known, host signed, then the signature itself.
     */
    private <K> SigV4Result<K> verifyClaim(SigV4Request request, List<QueryParameter> query, Claim claim,
                                           Duration presignedFor, Function<String, Optional<K>> keys,
                                           Function<? super K, String> secretOf) {
        SigV4Scope scope = claim.scope();
        if (scope.malformed()) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, scope.problem(), scope.accessKeyId());
        }
        String keyId = scope.accessKeyId();
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(claim.amzDate(), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + claim.amzDate() + "'. See http://en.wikipedia.org/wiki/ISO_8601", keyId);
        }
        Optional<String> timeProblem = timeProblem(signedAt, clock.instant(), presignedFor);
        if (timeProblem.isPresent()) {
            return refused(SigV4Refusal.SIGNATURE_EXPIRED, timeProblem.get(), keyId);
        }
        if (!scope.service().equals(SERVICE)) {
            return refused(SigV4Refusal.INVALID_SIGNATURE, "Credential should be scoped to correct service: '" + SERVICE
                    + "'. ", keyId);
        }
        if (!claim.amzDate().startsWith(scope.date())) {
            return refused(SigV4Refusal.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + scope.date() + "' != '" + claim.amzDate().substring(0, 8)
                    + "', from '" + claim.amzDate() + "'.", keyId);
        }
        List<String> signedHeaders = claim.signedHeaders();
        Optional<String> headerProblem = signedHeadersProblem(signedHeaders, request);
        if (headerProblem.isPresent()) {
            return refused(SigV4Refusal.INCOMPLETE_SIGNATURE, headerProblem.get(), keyId);
        }
        if (!SigV4Canonical.isSha256Hex(claim.signature())) {
            return refused(SigV4Refusal.INVALID_SIGNATURE, INVALID_SIGNATURE_MESSAGE, keyId);
        }
        if (!request.header(X_AMZ_SECURITY_TOKEN).isEmpty() || SigV4Canonical.count(query, X_AMZ_SECURITY_TOKEN) > 0) {
            // session credentials come from AWS STS; Gantry issues none, so no token can be valid
            return refused(SigV4Refusal.UNRECOGNIZED_CLIENT, UNRECOGNIZED_CLIENT_MESSAGE, keyId);
        }
        Optional<K> key = keys.apply(keyId);
        if (key.isEmpty()) {
            return refused(SigV4Refusal.UNRECOGNIZED_CLIENT, UNRECOGNIZED_CLIENT_MESSAGE, keyId);
        }

        String canonicalUri = SigV4Canonical.canonicalUri(request.rawPath());
        String canonicalQuery = SigV4Canonical.canonicalQuery(query,
                claim.form() == Form.PRESIGNED_QUERY ? X_AMZ_SIGNATURE::equals : name -> false);
        String canonicalHeaders = SigV4Canonical.canonicalHeaders(signedHeaders, request.headers());
        String signedHeaderList = String.join(";", signedHeaders);
        String secret = secretOf.apply(key.get());
        if (secret == null || secret.isEmpty()) {
            return refused(SigV4Refusal.UNRECOGNIZED_CLIENT, UNRECOGNIZED_CLIENT_MESSAGE, keyId);
        }
        // The body's own hash first; a presigned URL may instead have been signed with UNSIGNED-PAYLOAD (as S3's
        // presigners do), but only for a request without a body: otherwise anyone holding the URL could send any
        // body (a RunTask of their choosing) under the signer's name.
        List<String> payloadHashes = claim.form() == Form.PRESIGNED_QUERY && request.payloadSha256().equals(EMPTY_PAYLOAD_SHA256)
                ? List.of(request.payloadSha256(), UNSIGNED_PAYLOAD) : List.of(request.payloadSha256());
        for (String payloadHash : payloadHashes) {
            String canonicalRequest = SigV4Signing.canonicalRequest(request.method(), canonicalUri, canonicalQuery,
                    canonicalHeaders, signedHeaderList, payloadHash);
            String expected = SigV4Signing.signature(secret, scope.date(), scope.region(), scope.service(),
                    SigV4Signing.stringToSign(claim.amzDate(), scope.scope(), canonicalRequest));
            if (SigV4Signing.sameSignature(expected, claim.signature())) {
                return new Accepted<>(key.get(), keyId, scope.region(), signedHeaders, claim.form(),
                        !payloadHash.equals(UNSIGNED_PAYLOAD));
            }
        }
        return refused(SigV4Refusal.INVALID_SIGNATURE, INVALID_SIGNATURE_MESSAGE, keyId);
    }

    /**
     * Whether the request's date is acceptable now: within {@link #MAX_SKEW} of now both ways for the header form;
     * for a presigned URL not more than the skew in the future and not past its expiry. Empty when acceptable, else
     * the message, worded as AWS words it.
     */
    static Optional<String> timeProblem(Instant signedAt, Instant now, Duration presignedFor) {
        Instant earliest = now.minus(MAX_SKEW);
        Instant latest = now.plus(MAX_SKEW);
        if (signedAt.isAfter(latest)) {
            return Optional.of("Signature not yet current: " + format(signedAt) + " is still later than "
                    + format(latest) + " (" + format(now) + " + 15 min.)");
        }
        if (presignedFor == null) {
            if (signedAt.isBefore(earliest)) {
                return Optional.of("Signature expired: " + format(signedAt) + " is now earlier than " + format(earliest)
                        + " (" + format(now) + " - 15 min.)");
            }
            return Optional.empty();
        }
        Instant expiresAt = signedAt.plus(presignedFor);
        if (now.isAfter(expiresAt)) {
            return Optional.of("Signature expired: " + format(expiresAt) + " is now earlier than " + format(now)
                    + " (" + format(signedAt) + " + " + presignedFor.toSeconds() + " s X-Amz-Expires).");
        }
        return Optional.empty();
    }

    /** The signed header names must be lower case, non-empty, unique, and include {@code host}. */
    static Optional<String> signedHeadersProblem(List<String> signedHeaders, SigV4Request request) {
        if (signedHeaders.isEmpty() || signedHeaders.stream().anyMatch(String::isEmpty)) {
            return Optional.of("SignedHeaders must be a ';'-separated list of lower-case header names.");
        }
        for (String name : signedHeaders) {
            if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of("SignedHeaders must be lower case, not '" + name + "'.");
            }
        }
        if (signedHeaders.stream().distinct().count() != signedHeaders.size()) {
            return Optional.of("SignedHeaders must name each header once.");
        }
        if (!signedHeaders.contains("host")) {
            return Optional.of("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (request.header("host").isEmpty()) {
            return Optional.of("The signed 'host' header is missing from the request.");
        }
        return Optional.empty();
    }

    /**
     * {@code X-Amz-Content-Sha256}, when sent, must be the hash of the body received (the canonical request always
     * uses the body's real hash, so a lying header cannot help, but a mismatch is refused outright, as AWS does).
     * {@code UNSIGNED-PAYLOAD} is accepted only in the presigned form; streaming (chunked) payloads not at all.
     */
    private static <K> Optional<Refused<K>> checkContentSha256(SigV4Request request, Form form, String claimedKey) {
        List<String> values = request.header(X_AMZ_CONTENT_SHA256);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            return Optional.of(refused(SigV4Refusal.INCOMPLETE_SIGNATURE,
                    "Only one 'x-amz-content-sha256' header is allowed.", claimedKey));
        }
        String value = values.getFirst().strip();
        if (value.equals(UNSIGNED_PAYLOAD)) {
            return form == Form.PRESIGNED_QUERY ? Optional.empty() : Optional.of(refused(SigV4Refusal.INVALID_SIGNATURE,
                    "UNSIGNED-PAYLOAD is accepted only in presigned URLs; sign the request's body.", claimedKey));
        }
        if (value.startsWith("STREAMING-")) {
            return Optional.of(refused(SigV4Refusal.INCOMPLETE_SIGNATURE,
                    "Streaming (aws-chunked) payloads are not supported: '" + value + "'.", claimedKey));
        }
        if (!value.equalsIgnoreCase(request.payloadSha256())) {
            return Optional.of(refused(SigV4Refusal.INVALID_SIGNATURE,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.", claimedKey));
        }
        return Optional.empty();
    }

    private static List<String> splitSignedHeaders(String signedHeaders) {
        return Arrays.asList(signedHeaders.strip().split(";", -1));
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static <K> Refused<K> refused(SigV4Refusal reason, String message, String accessKeyId) {
        return new Refused<>(reason, message, accessKeyId);
    }
}
