package dev.gantry.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with the AWS SDK for Java v2's own {@code AwsV4HttpSigner} (no code of ours in the signing path) and
 * turns what it produced into the {@link SigV4Request} a server would receive: the path and query exactly as the SDK
 * would put them on the wire, every header it set, the body.
 */
final class SdkSigner {

    static final String HOST = "gantry.example:8443";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** A request to sign: method, encoded path, raw (decoded) query parameters, extra headers, body or null. */
    record Unsigned(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
                    byte[] body) {

        static Unsigned get(String encodedPath, Map<String, String> query) {
            return new Unsigned("GET", encodedPath, query, Map.of(), null);
        }

        static Unsigned postJson(String encodedPath, String json) {
            return new Unsigned("POST", encodedPath, Map.of(), Map.of("Content-Type", "application/json"),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        SdkHttpRequest toSdk() {
            SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.fromValue(method))
                    .protocol("https").host("gantry.example").port(8443)
                    .encodedPath(encodedPath);
            query.forEach(builder::putRawQueryParameter);
            headers.forEach(builder::putHeader);
            return builder.build();
        }
    }

    /** Signed in the Authorization header form at {@code at} for service {@code service}, region {@code region}. */
    SigV4Request header(Unsigned request, String accessKeyId, String secret, Instant at, String service, String region) {
        return sign(request, accessKeyId, secret, at, service, region, b -> { });
    }

    /** Header form, service ecs, region eu-west-1. */
    SigV4Request header(Unsigned request, String accessKeyId, String secret, Instant at) {
        return header(request, accessKeyId, secret, at, "ecs", "eu-west-1");
    }

    /** A presigned URL valid for {@code expires}; {@code signPayload} false gives UNSIGNED-PAYLOAD. */
    SigV4Request presigned(Unsigned request, String accessKeyId, String secret, Instant at, Duration expires,
                           boolean signPayload) {
        return sign(request, accessKeyId, secret, at, "ecs", "local", b -> b
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload));
    }

    /** Headers java.net.http sets itself and refuses from the caller (it sends the same host the SDK signed). */
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /**
     * A real request to {@code base} (http://host:port) signed in the header form (service ecs, region local) by
     * the SDK, for java.net.http to send as signed: the SDK's URI, every header it set, the body (JSON) or none.
     */
    HttpRequest.Builder http(URI base, String method, String encodedPath, String body, String accessKeyId,
                             String secret, Instant at) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .protocol(base.getScheme()).host(base.getHost()).port(base.getPort()).encodedPath(encodedPath);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = signer.sign(b -> {
            b.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "local")
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (body != null) {
                b.payload(ContentStreamProvider.fromByteArray(body.getBytes(StandardCharsets.UTF_8)));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        signed.request().headers().forEach((name, values) -> {
            if (!SET_BY_HTTP_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request;
    }

    private SigV4Request sign(Unsigned request, String accessKeyId, String secret, Instant at, String service,
                              String region, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SignedRequest signed = signer.sign(b -> {
            b.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request.toSdk())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (request.body() != null) {
                b.payload(ContentStreamProvider.fromByteArray(request.body()));
            }
            extra.accept(b);
        });
        SdkHttpRequest wire = signed.request();
        return SigV4Request.of(wire.method().name(), wire.encodedPath(), wire.getUri().getRawQuery(), wire.headers(),
                request.body() == null ? new byte[0] : request.body());
    }
}
