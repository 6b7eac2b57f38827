package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryProcess;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar started as an operator starts it, without a bootstrap key: the first start writes a generated ADMIN key to
 * {@code ./data/bootstrap-credentials} with mode 0600 and names the file (never the secret) in its log; the key in
 * the file authenticates; a second start on the same data creates no other key and leaves the file as it was.
 */
class BootstrapCredentialsFileIT {

    private static final Duration START = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    private static HttpResponse<String> get(GantryProcess gantry, String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gantry.baseUrl() + path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String value(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " = ")).findFirst().orElseThrow()
                .substring(name.length() + 3);
    }

    @Test
    void theFirstStartWritesAnOwnerOnlyKeyThatAuthenticatesAndTheSecondCreatesNone() throws Exception {
        Path file = workDir.resolve("data").resolve("bootstrap-credentials");
        String id;
        String secret;
        try (GantryProcess first = GantryProcess.start(workDir, Map.of(), Map.of())) {
            first.awaitReady(START);

            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).contains("[gantry]");
            id = value(lines, "aws_access_key_id");
            secret = TestCredentials.remember(value(lines, "aws_secret_access_key"));
            assertThat(id).matches("GK[A-Z0-9]{18}");
            assertThat(secret).matches("[A-Za-z0-9/+]{40}");

            assertThat(get(first, "/v1/clusters", TestCredentials.basic(id, secret)).statusCode()).isEqualTo(200);
            assertThat(get(first, "/v1/clusters", TestCredentials.basic()).statusCode())
                    .as("no key of the tests' exists here").isEqualTo(401);
            String log = Files.readString(first.logFile());
            assertThat(log).contains("Created the bootstrap ADMIN access key " + id)
                    .contains(file.toAbsolutePath().toString()).doesNotContain(secret);
        }
        String content = Files.readString(file);
        try (GantryProcess second = GantryProcess.start(workDir, Map.of(), Map.of())) {
            second.awaitReady(START);
            HttpResponse<String> keys = get(second, "/v1/access-keys", TestCredentials.basic(id, secret));
            assertThat(keys.statusCode()).isEqualTo(200);
            assertThat(keys.body()).contains(id).doesNotContain(secret);
            assertThat(keys.body().split("\"accessKeyId\"", -1)).as("exactly one key").hasSize(2);
            assertThat(Files.readString(file)).isEqualTo(content);
            assertThat(Files.readString(second.logFile())).doesNotContain("Created the bootstrap").doesNotContain(secret);
        }
    }
}
