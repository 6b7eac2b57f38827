package dev.gantry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The access key every test authenticates with: the bootstrap ADMIN key of the test installations. Profile "it"
 * (application-it.yml) bootstraps Gantry with it, {@link GantryProcess} hands it to the jar as environment
 * variables, and the benchmarks pass it as properties; every test client sends it as HTTP Basic by default (the
 * {@code RestTestClient} of the application context through {@link TestCredentialsAutoConfiguration}). A test
 * that wants other credentials (none, a wrong secret, a READ_ONLY key) builds its own client or request.
 * A test fixture, not a secret: it exists only in test installations.
 */
public final class TestCredentials {

    public static final String ACCESS_KEY_ID = "GKTESTBOOTSTRAPADMIN";
    public static final String SECRET_ACCESS_KEY = "TestOnlyBootstrapSecret00000000000000000";

    /** The properties that make Gantry bootstrap its first ADMIN key from {@link #ACCESS_KEY_ID}. */
    public static final String ACCESS_KEY_ID_PROPERTY = "gantry.security.bootstrap.access-key-id";
    public static final String SECRET_ACCESS_KEY_PROPERTY = "gantry.security.bootstrap.secret-access-key";

    /** The same as environment variables, as an operator sets them for the jar, the container or the chart. */
    public static final String ACCESS_KEY_ID_ENV = "GANTRY_BOOTSTRAP_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY_ENV = "GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY";

    public static final String AUTHORIZATION = "Authorization";

    private static final Pattern CREATED_SECRET = Pattern.compile("\"secretAccessKey\"\\s*:\\s*\"([^\"]+)\"");

    private TestCredentials() {
    }

    /**
     * Records {@code secret} as one this test run used (a created key's, one read from a bootstrap-credentials file)
     * and returns it: after the integration tests, no log line of the run may contain it ({@link TestLogScan}).
     */
    public static String remember(String secret) {
        return TestLogs.recordSecret(secret);
    }

    /** Records the secret in a {@code POST /v1/access-keys} answer's body, if it has one, and returns the body. */
    public static String rememberSecretIn(String createdKeyBody) {
        Matcher m = CREATED_SECRET.matcher(createdKeyBody == null ? "" : createdKeyBody);
        while (m.find()) {
            remember(m.group(1));
        }
        return createdKeyBody;
    }

    /** The {@code Authorization} header value for the test key: {@code Basic base64(id:secret)}. */
    public static String basic() {
        return basic(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** The {@code Authorization} header value for HTTP Basic with any key id and secret (RFC 7617, UTF-8). */
    public static String basic(String accessKeyId, String secretAccessKey) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((accessKeyId + ":" + secretAccessKey).getBytes(StandardCharsets.UTF_8));
    }

    /** A request to Gantry that carries the test key, for tests and benchmarks on {@code java.net.http}. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header(AUTHORIZATION, basic());
    }

    /** A {@code RestTestClient} for a Gantry at {@code baseUrl} (another replica, a process) sending the test key. */
    public static RestTestClient client(String baseUrl) {
        return RestTestClient.bindToServer().baseUrl(baseUrl).defaultHeader(AUTHORIZATION, basic()).build();
    }

    /** The bootstrap key as Spring properties, for applications started outside profile "it". */
    public static Map<String, String> bootstrapProperties() {
        return Map.of(ACCESS_KEY_ID_PROPERTY, ACCESS_KEY_ID, SECRET_ACCESS_KEY_PROPERTY, SECRET_ACCESS_KEY);
    }

    /** The bootstrap key as command-line arguments ({@code --name=value}). */
    public static List<String> bootstrapArguments() {
        return List.of("--" + ACCESS_KEY_ID_PROPERTY + "=" + ACCESS_KEY_ID,
                "--" + SECRET_ACCESS_KEY_PROPERTY + "=" + SECRET_ACCESS_KEY);
    }

    /** {@code arguments} followed by the bootstrap key's, for {@code SpringApplication.run} outside profile "it". */
    public static String[] withBootstrapArguments(String... arguments) {
        return Stream.concat(Stream.of(arguments), bootstrapArguments().stream()).toArray(String[]::new);
    }

    /** The bootstrap key as environment variables, as the jar reads them. */
    public static Map<String, String> bootstrapEnvironment() {
        return Map.of(ACCESS_KEY_ID_ENV, ACCESS_KEY_ID, SECRET_ACCESS_KEY_ENV, SECRET_ACCESS_KEY);
    }
}
