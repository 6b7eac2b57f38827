package dev.gantry.ecs;

import dev.gantry.TestCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The real AWS SDK for Java v2 ECS client pointed at a Gantry, as a user points it: endpoint override, a Gantry
 * access key as static credentials, any region. Tests of the ECS protocol call Gantry through this and nothing else,
 * except where they must send what no SDK sends (a malformed body, a foreign target): {@link #raw}.
 */
public final class EcsClients {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EcsClients() {
    }

    /** A client signing with the test key. */
    public static EcsClient of(int port) {
        return of(port, TestCredentials.ACCESS_KEY_ID, TestCredentials.SECRET_ACCESS_KEY);
    }

    /** A client signing with any key; no retries, so a refusal is seen once, as sent. */
    public static EcsClient of(int port, String accessKeyId, String secretAccessKey) {
        return EcsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.of("local"))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(builder -> builder.maxAttempts(1)))
                .build();
    }

    /**
     * A hand-made call signed by the AWS SDK's own SigV4 signer with the test key: what no SDK client sends (a
     * malformed body, a member of the wrong type, a foreign target) but a signed caller can.
     */
    public static HttpResponse<String> signed(int port, String target, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .protocol("http").host("localhost").port(port).encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1");
        if (target != null) {
            unsigned.putHeader("X-Amz-Target", target);
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(b -> b
                .identity(AwsCredentialsIdentity.create(TestCredentials.ACCESS_KEY_ID, TestCredentials.SECRET_ACCESS_KEY))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "local"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A hand-made call: POST / with the target and body as given, authenticated as {@code authorization} says. */
    public static HttpResponse<String> raw(int port, String target, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
