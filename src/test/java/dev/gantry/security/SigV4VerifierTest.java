package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.TestCredentials;
import dev.gantry.security.SdkSigner.Unsigned;
import dev.gantry.security.SigV4Result.Accepted;
import dev.gantry.security.SigV4Result.Form;
import dev.gantry.security.SigV4Result.Refused;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The verifier against signatures made by the AWS SDK for Java v2's own signer: every form it signs is accepted, and
 * every way of getting it wrong is refused with the reason and the ECS error it maps to.
 */
class SigV4VerifierTest {

    static final String KEY_ID = "GKSIGV4TEST000000001";
    static final String SECRET = TestCredentials.remember("SigV4TestSecretAbcdefghijklmnopqrstuvw+/");
    static final String OTHER_SECRET = TestCredentials.remember("SigV4OtherSecretAbcdefghijklmnopqrstuv+/");
    static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    static final String CLUSTER_ARN_PATH =
            "/v1/clusters/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Acluster%2Fprod/services";

    /** The caller's key, as the keys helper's ActiveKey would be; its secret is what the lookup hands the verifier. */
    record Key(String id, String secret) {
    }

    final SdkSigner sdk = new SdkSigner();
    final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(NOW, ZoneOffset.UTC));

    SigV4Result<Key> verify(SigV4Request request) {
        return verifier.verify(request, id -> id.equals(KEY_ID) ? Optional.of(new Key(id, SECRET)) : Optional.empty(),
                Key::secret);
    }

    static Refused<Key> refused(SigV4Result<Key> result) {
        assertThat(result).isInstanceOf(Refused.class);
        return (Refused<Key>) result;
    }

    static Accepted<Key> accepted(SigV4Result<Key> result) {
        assertThat(result).as("%s", result).isInstanceOf(Accepted.class);
        return (Accepted<Key>) result;
    }

    /** The same request with one header's values replaced. */
    static SigV4Request withHeader(SigV4Request request, String name, String... values) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.put(name, List.of(values));
        return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers,
                request.payloadSha256());
    }

    static SigV4Request withoutHeader(SigV4Request request, String name) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.remove(name);
        return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers,
                request.payloadSha256());
    }

    static SigV4Request withBody(SigV4Request request, String body) {
        return SigV4Request.of(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static SigV4Request withPath(SigV4Request request, String rawPath) {
        return new SigV4Request(request.method(), rawPath, request.rawQuery(), request.headers(), request.payloadSha256());
    }

    static SigV4Request withQuery(SigV4Request request, String rawQuery) {
        return new SigV4Request(request.method(), request.rawPath(), rawQuery, request.headers(), request.payloadSha256());
    }

    static SigV4Request withAuthorization(SigV4Request request, UnaryOperator<String> change) {
        return withHeader(request, "Authorization", change.apply(request.firstHeader("Authorization").orElseThrow()));
    }

    // ---- accepted: what the SDK signs ----

    @Test
    void getWithQueryParametersSignedInTheHeaderIsAccepted() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("maxResults", "10");
        query.put("nextToken", "a b+c/d=e&f");
        query.put("status", "ACTIVE");
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters/prod/services", query), KEY_ID, SECRET, NOW);
        assertThat(request.rawQuery()).contains("a%20b%2Bc%2Fd%3De%26f");

        Accepted<Key> accepted = accepted(verify(request));

        assertThat(accepted.accessKeyId()).isEqualTo(KEY_ID);
        assertThat(accepted.key()).isEqualTo(new Key(KEY_ID, SECRET));
        assertThat(accepted.region()).isEqualTo("eu-west-1");
        assertThat(accepted.signedHeaders()).contains("host", "x-amz-date");
        assertThat(accepted.form()).isEqualTo(Form.HEADER);
        assertThat(accepted.payloadSigned()).isTrue();
    }

    @Test
    void postWithAJsonBodyIsAcceptedAndTheBodyHashHeaderIsChecked() {
        SigV4Request request = sdk.header(Unsigned.postJson("/v1/clusters", "{\"clusterName\":\"prod\"}"), KEY_ID,
                SECRET, NOW);
        assertThat(request.firstHeader("x-amz-content-sha256")).contains(request.payloadSha256());

        assertThat(accepted(verify(request)).signedHeaders()).contains("content-type", "x-amz-content-sha256");
    }

    @Test
    void pathsWithClusterArnsAreCanonicalisedAsTheSdkDoubleEncodesThem() {
        for (String path : List.of(CLUSTER_ARN_PATH,
                "/v1/clusters/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Acluster%2Fprod",
                "/v1/clusters/arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                "/v1/task-definitions/web%3A3",
                "/v1/clusters/prod/tasks/a/../b/./c",
                "/v1/clusters//prod/",
                "/")) {
            SigV4Request request = sdk.header(Unsigned.get(path, Map.of()), KEY_ID, SECRET, NOW);
            assertThat(request.rawPath()).isEqualTo(path);
            assertThat(verify(request).accepted()).as(path).isTrue();
        }
    }

    @Test
    void anyRegionStringIsAccepted() {
        for (String region : List.of("us-east-1", "local", "gantry-on-prem-2", "x")) {
            SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW, "ecs", region);
            assertThat(accepted(verify(request)).region()).isEqualTo(region);
        }
    }

    @Test
    void aPresignedUrlIsAcceptedWithTheBodyHashOrUnsignedPayload() {
        Unsigned get = Unsigned.get("/v1/clusters/prod/tasks", Map.of("desiredStatus", "RUNNING"));
        SigV4Request signedPayload = sdk.presigned(get, KEY_ID, SECRET, NOW.minusSeconds(60), Duration.ofMinutes(5), true);
        SigV4Request unsignedPayload = sdk.presigned(get, KEY_ID, SECRET, NOW.minusSeconds(60), Duration.ofMinutes(5),
                false);
        assertThat(signedPayload.header("Authorization")).isEmpty();
        assertThat(signedPayload.rawQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=300");

        Accepted<Key> withHash = accepted(verify(signedPayload));
        Accepted<Key> unsigned = accepted(verify(unsignedPayload));

        assertThat(withHash.form()).isEqualTo(Form.PRESIGNED_QUERY);
        assertThat(withHash.payloadSigned()).isTrue();
        assertThat(unsigned.payloadSigned()).isFalse();
        assertThat(withHash.region()).isEqualTo("local");
    }

    @Test
    void aPresignedUrlOlderThanFifteenMinutesIsAcceptedWhileItsExpiryLasts() {
        SigV4Request request = sdk.presigned(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET,
                NOW.minus(Duration.ofHours(2)), Duration.ofHours(3), true);

        assertThat(verify(request).accepted()).isTrue();
    }

    @Test
    void aPresignedPostCoversItsBody() {
        Unsigned post = Unsigned.postJson("/v1/clusters", "{\"clusterName\":\"prod\"}");
        SigV4Request request = sdk.presigned(post, KEY_ID, SECRET, NOW, Duration.ofMinutes(5), true);

        assertThat(accepted(verify(request)).payloadSigned()).isTrue();
        assertThat(refused(verify(withBody(request, "{\"clusterName\":\"evil\"}"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    /** UNSIGNED-PAYLOAD would leave a body uncovered: whoever holds the URL could send any body under the signer's name. */
    @Test
    void aPresignedUrlWithUnsignedPayloadCarriesNoBody() {
        Unsigned post = Unsigned.postJson("/v1/clusters", "{\"clusterName\":\"prod\"}");
        SigV4Request request = sdk.presigned(post, KEY_ID, SECRET, NOW, Duration.ofMinutes(5), false);

        assertThat(refused(verify(request)).reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withBody(request, "{\"clusterName\":\"evil\"}"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void theSkewWindowIsFifteenMinutesInclusiveBothWays() {
        Unsigned get = Unsigned.get("/v1/clusters", Map.of());
        assertThat(verify(sdk.header(get, KEY_ID, SECRET, NOW.minus(Duration.ofMinutes(15)))).accepted()).isTrue();
        assertThat(verify(sdk.header(get, KEY_ID, SECRET, NOW.plus(Duration.ofMinutes(15)))).accepted()).isTrue();
        assertThat(refused(verify(sdk.header(get, KEY_ID, SECRET, NOW.minus(Duration.ofMinutes(15)).minusSeconds(1))))
                .reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
        assertThat(refused(verify(sdk.header(get, KEY_ID, SECRET, NOW.plus(Duration.ofMinutes(15)).plusSeconds(1))))
                .reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
    }

    // ---- refused: each way of getting it wrong ----

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, OTHER_SECRET, NOW);

        Refused<Key> refused = refused(verify(request));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused.ecsErrorCode()).isEqualTo("InvalidSignatureException");
        assertThat(refused.message()).isEqualTo("The request signature we calculated does not match the signature you"
                + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
                + " for details.");
        assertThat(refused.accessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void neitherTheSecretNorTheComputedSignatureAppearsInAResult() {
        Unsigned get = Unsigned.get("/v1/clusters", Map.of());
        SigV4Request wrong = sdk.header(get, KEY_ID, OTHER_SECRET, NOW);
        // what the verifier computed for this request: the SDK's signature with the right secret
        String computed = signatureOf(sdk.header(get, KEY_ID, SECRET, NOW));

        for (SigV4Result<Key> result : List.of(verify(wrong), verify(sdk.header(get, KEY_ID, SECRET, NOW)))) {
            assertThat(result.toString()).doesNotContain(SECRET).doesNotContain(computed);
            if (result instanceof Refused<Key> refused) {
                assertThat(refused.message()).doesNotContain(SECRET).doesNotContain(computed);
            }
        }
        assertThat(wrong.toString()).doesNotContain(signatureOf(wrong)).doesNotContain("Signature=");
    }

    @Test
    void aTamperedBodyIsRefused() {
        SigV4Request request = sdk.header(Unsigned.postJson("/v1/clusters", "{\"clusterName\":\"prod\"}"), KEY_ID,
                SECRET, NOW);

        Refused<Key> refused = refused(verify(withBody(request, "{\"clusterName\":\"evil\"}")));
        Refused<Key> hashAlsoForged = refused(verify(withHeader(withBody(request, "{\"clusterName\":\"evil\"}"),
                "x-amz-content-sha256", dev.gantry.security.internal.SigV4Canonical.sha256Hex(
                        "{\"clusterName\":\"evil\"}"))));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused.message()).isEqualTo(
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        assertThat(hashAlsoForged.reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(hashAlsoForged.message()).isEqualTo(SigV4Verifier.INVALID_SIGNATURE_MESSAGE);
    }

    @Test
    void aTamperedBodyWithoutTheHashHeaderIsRefusedByTheSignature() {
        SigV4Request request = withoutHeader(sdk.header(Unsigned.postJson("/v1/clusters", "{\"a\":1}"), KEY_ID, SECRET,
                NOW), "x-amz-content-sha256");
        // the SDK signed x-amz-content-sha256; without it the canonical headers differ anyway, so sign without it:
        // curl and other clients send no such header, and the body's real hash is what the canonical request uses
        assertThat(refused(verify(withBody(request, "{\"a\":2}"))).reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void aTamperedSignedHeaderIsRefused() {
        SigV4Request request = sdk.header(Unsigned.postJson("/v1/clusters", "{}"), KEY_ID, SECRET, NOW);

        assertThat(refused(verify(withHeader(request, "Content-Type", "text/plain"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withHeader(request, "Host", "other.example:8443"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withHeader(request, "Content-Type", "application/json", "text/plain"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void anUnsignedHeaderMayChange() {
        SigV4Request request = sdk.header(Unsigned.postJson("/v1/clusters", "{}"), KEY_ID, SECRET, NOW);

        assertThat(verify(withHeader(request, "User-Agent", "anything")).accepted()).isTrue();
    }

    @Test
    void headerValuesAreTrimmedAndTheirWhiteSpaceCollapsedAsTheSdkDoes() {
        SigV4Request request = sdk.header(new Unsigned("GET", "/v1/clusters", Map.of(),
                Map.of("X-Gantry-Note", "  two   words\there  "), null), KEY_ID, SECRET, NOW);
        assertThat(accepted(verify(request)).signedHeaders()).contains("x-gantry-note");

        assertThat(verify(withHeader(request, "X-Gantry-Note", "two words here")).accepted()).isTrue();
        assertThat(verify(withHeader(request, "X-Gantry-Note", "two words  there")).accepted()).isFalse();
    }

    @Test
    void aTamperedPathIsRefused() {
        SigV4Request request = sdk.header(Unsigned.get(CLUSTER_ARN_PATH, Map.of()), KEY_ID, SECRET, NOW);

        for (String other : List.of(CLUSTER_ARN_PATH.replace("prod", "prox"),
                CLUSTER_ARN_PATH.replace("%2F", "/"),
                CLUSTER_ARN_PATH.replace("%3A", ":"),
                CLUSTER_ARN_PATH + "/",
                CLUSTER_ARN_PATH.toLowerCase())) {
            assertThat(refused(verify(withPath(request, other))).reason()).as(other)
                    .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        }
    }

    @Test
    void aTamperedMethodIsRefused() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters/prod", Map.of()), KEY_ID, SECRET, NOW);

        SigV4Request delete = new SigV4Request("DELETE", request.rawPath(), request.rawQuery(), request.headers(),
                request.payloadSha256());
        assertThat(refused(verify(delete)).reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void aTamperedQueryIsRefused() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of("maxResults", "10")), KEY_ID, SECRET,
                NOW);

        for (String query : List.of("maxResults=11", "maxResults=10&extra=1", "maxResults=10&maxResults=10", "",
                "maxresults=10")) {
            assertThat(refused(verify(withQuery(request, query))).reason()).as(query)
                    .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        }
        // the same parameters differently (but equivalently) encoded and ordered are the same request
        assertThat(verify(withQuery(request, "max%52esults=1%30")).accepted()).isTrue();
    }

    @Test
    void aPresignedUrlWithATamperedQueryOrPathIsRefused() {
        SigV4Request request = sdk.presigned(Unsigned.get("/v1/clusters", Map.of("maxResults", "10")), KEY_ID, SECRET,
                NOW, Duration.ofMinutes(5), false);

        assertThat(refused(verify(withQuery(request, request.rawQuery().replace("maxResults=10", "maxResults=99"))))
                .reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withQuery(request, request.rawQuery().replace("X-Amz-Expires=300",
                "X-Amz-Expires=600")))).reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withPath(request, "/v1/access-keys"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void aDateTwentyMinutesOldIsSignatureExpired() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET,
                NOW.minus(Duration.ofMinutes(20)));

        Refused<Key> refused = refused(verify(request));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
        assertThat(refused.ecsErrorCode()).isEqualTo("InvalidSignatureException");
        assertThat(refused.message()).isEqualTo(
                "Signature expired: 20261202T034000Z is now earlier than 20261202T034500Z (20261202T040000Z - 15 min.)");
    }

    @Test
    void aDateTwentyMinutesAheadIsNotYetCurrent() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET,
                NOW.plus(Duration.ofMinutes(20)));

        Refused<Key> refused = refused(verify(request));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
        assertThat(refused.message()).isEqualTo("Signature not yet current: 20261202T042000Z is still later than"
                + " 20261202T041500Z (20261202T040000Z + 15 min.)");
    }

    @Test
    void aDateHeaderChangedAfterSigningIsRefused() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        assertThat(refused(verify(withHeader(request, "X-Amz-Date", "20261202T040001Z"))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withHeader(request, "X-Amz-Date", "2026-12-02T04:00:00Z"))).reason())
                .isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
        assertThat(refused(verify(withoutHeader(request, "X-Amz-Date"))).reason())
                .isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
    }

    @Test
    void aWrongServiceNameIsAnInvalidSignature() {
        for (String service : List.of("s3", "ec2", "ECS", "ecs2")) {
            SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW, service,
                    "us-east-1");

            Refused<Key> refused = refused(verify(request));

            assertThat(refused.reason()).as(service).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
            assertThat(refused.message()).isEqualTo("Credential should be scoped to correct service: 'ecs'. ");
        }
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), "GKUNKNOWN00000000000", SECRET, NOW);

        Refused<Key> refused = refused(verify(request));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.UNRECOGNIZED_CLIENT);
        assertThat(refused.ecsErrorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(refused.message()).isEqualTo("The security token included in the request is invalid.");
        assertThat(refused.accessKeyId()).isEqualTo("GKUNKNOWN00000000000");
    }

    @Test
    void aRevokedKeyIsAnUnrecognizedClientOnTheNextRequest() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);
        List<String> active = new ArrayList<>(List.of(KEY_ID));
        java.util.function.Function<String, Optional<Key>> keys =
                id -> active.contains(id) ? Optional.of(new Key(id, SECRET)) : Optional.empty();

        assertThat(verifier.verify(request, keys, Key::secret).accepted()).isTrue();
        active.clear();
        assertThat(((Refused<Key>) verifier.verify(request, keys, Key::secret)).reason())
                .isEqualTo(SigV4Refusal.UNRECOGNIZED_CLIENT);
    }

    @Test
    void aSessionTokenIsAnUnrecognizedClientBecauseGantryIssuesNone() {
        SigV4Request request = sdk.header(new Unsigned("GET", "/v1/clusters", Map.of(),
                Map.of("X-Amz-Security-Token", "FwoGZXIvYXdzE"), null), KEY_ID, SECRET, NOW);

        assertThat(refused(verify(request)).reason()).isEqualTo(SigV4Refusal.UNRECOGNIZED_CLIENT);
    }

    @Test
    void noSignatureAtAllIsMissingAuthentication() {
        SigV4Request request = withoutHeader(sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW),
                "Authorization");
        SigV4Request basic = withHeader(request, "Authorization", "Basic R0s6c2VjcmV0");

        for (SigV4Request unsigned : List.of(request, basic)) {
            Refused<Key> refused = refused(verify(unsigned));
            assertThat(refused.reason()).isEqualTo(SigV4Refusal.MISSING_AUTHENTICATION);
            assertThat(refused.ecsErrorCode()).isEqualTo("MissingAuthenticationTokenException");
            assertThat(refused.message()).isEqualTo("Missing Authentication Token");
            assertThat(unsigned.carriesSigV4()).isFalse();
        }
        assertThat(sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW).carriesSigV4()).isTrue();
    }

    @Test
    void aMalformedCredentialScopeIsAnIncompleteSignature() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);
        Map<String, String> malformed = Map.of(
                "Credential=" + KEY_ID + "/20261202/eu-west-1/ecs,", "valid region",
                "Credential=" + KEY_ID + "/20261202/eu-west-1/ecs/aws4_request/extra,", "valid region",
                "Credential=" + KEY_ID + "/2026-12-02/eu-west-1/ecs/aws4_request,", "valid date",
                "Credential=" + KEY_ID + "/20261202//ecs/aws4_request,", "valid region",
                "Credential=" + KEY_ID + "/20261202/eu-west-1/ecs/aws4,", "valid terminator: 'aws4_request', not 'aws4'",
                "Credential=/20261202/eu-west-1/ecs/aws4_request,", "access key id");

        for (Map.Entry<String, String> entry : malformed.entrySet()) {
            Refused<Key> refused = refused(verify(withAuthorization(request,
                    a -> a.replaceFirst("Credential=[^,]*,", entry.getKey()))));
            assertThat(refused.reason()).as(entry.getKey()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
            assertThat(refused.ecsErrorCode()).isEqualTo("IncompleteSignatureException");
            assertThat(refused.message()).as(entry.getKey()).contains(entry.getValue());
        }
    }

    @Test
    void aMissingPartOfTheAuthorizationHeaderIsAnIncompleteSignature() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        Refused<Key> noSignature = refused(verify(withAuthorization(request, a -> a.replaceFirst(", Signature=.*", ""))));
        Refused<Key> noCredential = refused(verify(withAuthorization(request, a -> a.replaceFirst("Credential=[^,]*, ", ""))));
        Refused<Key> otherAlgorithm = refused(verify(withAuthorization(request,
                a -> a.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"))));

        assertThat(noSignature.reason()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
        assertThat(noSignature.message()).isEqualTo("Authorization header requires 'Signature' parameter.");
        assertThat(noCredential.message()).isEqualTo("Authorization header requires 'Credential' parameter.");
        assertThat(otherAlgorithm.reason()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
    }

    @Test
    void hostMustBeSigned() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        Refused<Key> refused = refused(verify(withAuthorization(request,
                a -> a.replace("SignedHeaders=host;", "SignedHeaders="))));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
        assertThat(refused.message()).contains("'Host'");
    }

    @Test
    void aSignatureThatIsNotHexIsAnInvalidSignature() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);
        String upper = signatureOf(request).toUpperCase();

        assertThat(refused(verify(withAuthorization(request, a -> a.replace(signatureOf(request), upper)))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused(verify(withAuthorization(request, a -> a.replace(signatureOf(request), "abc")))).reason())
                .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
    }

    @Test
    void unsignedPayloadIsRefusedInTheHeaderForm() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        Refused<Key> refused = refused(verify(withHeader(request, "x-amz-content-sha256", "UNSIGNED-PAYLOAD")));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
        assertThat(refused.message()).contains("UNSIGNED-PAYLOAD");
    }

    @Test
    void anExpiredPresignedUrlIsRefused() {
        SigV4Request request = sdk.presigned(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET,
                NOW.minus(Duration.ofMinutes(6)), Duration.ofMinutes(5), true);

        Refused<Key> refused = refused(verify(request));

        assertThat(refused.reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
        assertThat(refused.ecsErrorCode()).isEqualTo("InvalidSignatureException");
        assertThat(refused.message()).startsWith("Signature expired: 20261202T035900Z is now earlier than 20261202T040000Z");
    }

    @Test
    void aPresignedUrlFromTheFutureOrWithABadExpiryIsRefused() {
        Unsigned get = Unsigned.get("/v1/clusters", Map.of());
        SigV4Request future = sdk.presigned(get, KEY_ID, SECRET, NOW.plus(Duration.ofMinutes(20)), Duration.ofMinutes(5),
                true);
        SigV4Request valid = sdk.presigned(get, KEY_ID, SECRET, NOW, Duration.ofMinutes(5), true);

        assertThat(refused(verify(future)).reason()).isEqualTo(SigV4Refusal.SIGNATURE_EXPIRED);
        for (String expires : List.of("0", "604801", "-5", "abc", "1e3")) {
            assertThat(refused(verify(withQuery(valid, valid.rawQuery().replace("X-Amz-Expires=300",
                    "X-Amz-Expires=" + expires)))).reason()).as(expires).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
        }
        assertThat(refused(verify(withQuery(valid, valid.rawQuery().replaceFirst("&X-Amz-Expires=300", "")))).reason())
                .isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
    }

    @Test
    void bothFormsAtOnceAreRefused() {
        SigV4Request presigned = sdk.presigned(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW,
                Duration.ofMinutes(5), true);
        SigV4Request header = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        SigV4Request both = withHeader(presigned, "Authorization", header.firstHeader("Authorization").orElseThrow());

        assertThat(refused(verify(both)).reason()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
    }

    @Test
    void aBrokenPercentEscapeInTheQueryIsRefused() {
        SigV4Request request = sdk.header(Unsigned.get("/v1/clusters", Map.of()), KEY_ID, SECRET, NOW);

        assertThat(refused(verify(withQuery(request, "a=%zz"))).reason()).isEqualTo(SigV4Refusal.INCOMPLETE_SIGNATURE);
    }

    static String signatureOf(SigV4Request request) {
        String authorization = request.firstHeader("Authorization").orElse(null);
        if (authorization != null) {
            return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
        }
        String query = request.rawQuery();
        return query.substring(query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length()).split("&")[0];
    }
}
