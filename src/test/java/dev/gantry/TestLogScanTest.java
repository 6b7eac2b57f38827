package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-run log scan finds a run's secrets and credential-looking lines, and names them without showing them. */
class TestLogScanTest {

    /** Made up here, never sent to a Gantry: the scan must find it because the run's list names it. */
    private static final String CREATED = "Planted0Secret0Of0A0Created0Key0000000/+";

    @TempDir
    Path dir;

    private Path log(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
        return file;
    }

    private void recorded(String... secrets) throws Exception {
        Files.write(dir.resolve(TestLogs.SECRETS_FILE), List.of(secrets));
    }

    @Test
    void aRecordedSecretInALogLineIsFoundWithFileAndLineButNotShown() throws Exception {
        recorded("GKSHORT", CREATED);
        Path file = log("failsafe.log", "2026-12-02T10:00:00Z INFO Access key GKABC created",
                "2026-12-02T10:00:01Z WARN oops " + CREATED + " in a message");

        List<TestLogScan.Finding> findings = TestLogScan.scan(file, TestLogScan.secrets(dir));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(file);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.what()).contains("line 2 of secrets-used.txt");
            assertThat(f.toString()).contains("failsafe.log:2:").doesNotContain(CREATED);
        });
    }

    @Test
    void aLogWithoutSecretsHasNoFindings() throws Exception {
        recorded(CREATED);
        Path file = log("surefire.log", "INFO Access key GKAAAAAAAAAAAAAAAAAA created by GKTESTBOOTSTRAPADMIN",
                "INFO the response had no secretAccessKey field", "WARN Authorization header missing",
                "INFO audit CreateCluster 401 FAILED_AUTHENTICATION [kvp: audit.accessKeyId=\"GKTESTBOOTSTRAPADMIN\"]");

        assertThat(TestLogScan.scan(file, TestLogScan.secrets(dir))).isEmpty();
    }

    @Test
    void theTestsOwnKeyAndProfileItsEncryptionKeyAreAlwaysLookedFor() throws Exception {
        Path file = log("processes/junit1-gantry-8080.log", "x " + TestCredentials.SECRET_ACCESS_KEY,
                "key Z2FudHJ5LWl0LXByb2ZpbGUtb25seS10ZXN0LWtleSE= loaded");

        assertThat(TestLogScan.scan(file, TestLogScan.secrets(dir))).extracting(TestLogScan.Finding::line,
                TestLogScan.Finding::what).containsExactly(
                        tuple(1L, "the tests' bootstrap secret (TestCredentials.SECRET_ACCESS_KEY)"),
                        tuple(2L, "profile it's encryption key (application-it.yml)"));
    }

    @Test
    void linesThatLookLikeCredentialsAreFoundEvenIfNoTestRecordedThem() throws Exception {
        Path file = log("other.log",
                "{\"accessKeyId\":\"GKX\",\"secretAccessKey\":\"abcdefghijABCDEFGHIJ0123456789abcdefghij\"}",
                "aws_secret_access_key = abcdefghijABCDEFGHIJ0123456789abcdefgh/+",
                "-----BEGIN RSA PRIVATE KEY-----", "request Authorization: Basic R0tYOnNlY3JldHNlY3JldA==");

        assertThat(TestLogScan.scan(file, List.of())).extracting(TestLogScan.Finding::what).containsExactly(
                "looks like a secret access key with a value", "looks like a secret access key with a value",
                "looks like a PEM private key", "looks like an Authorization header's credentials");
    }

    @Test
    void mainFailsOnAPlantedSecretWithoutShowingItAndPassesOnCleanLogs() throws Exception {
        recorded(CREATED);
        log("surefire.log", "INFO clean");
        log("processes/junit2-gantry-9000.log", "INFO clean too");
        log("not-a-log.txt", "copied " + CREATED);

        TestLogScan.main(new String[] {dir.toString()});

        log("failsafe.log", "INFO one", "ERROR planted " + CREATED);
        assertThatThrownBy(() -> TestLogScan.main(new String[] {dir.toString()}))
                .hasMessageContaining("1 log lines").hasMessageContaining("failsafe.log:2:")
                .hasMessageNotContaining(CREATED);
    }

    @Test
    void rememberedSecretsAreAppendedToTheRunsList() throws Exception {
        String secret = "RememberedByTestLogScanTest0000000000000";

        assertThat(TestCredentials.remember(secret)).isEqualTo(secret);
        String created = "{\"accessKeyId\":\"GKX\",\"secretAccessKey\":\"" + secret + "1\"}";
        assertThat(TestCredentials.rememberSecretIn(created)).isEqualTo(created);

        assertThat(Files.readAllLines(TestLogs.directory().resolve(TestLogs.SECRETS_FILE)))
                .contains(secret, secret + "1");
    }
}
