package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttemptedCredentialsTest {

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            basic key              | BASIC:GKTESTBOOTSTRAPADMIN:wrong                                         | -     | basic | GKTESTBOOTSTRAPADMIN
            basic secret as user   | BASIC:TestOnlyBootstrapSecret00000000000000000:x                         | -     | basic | -
            basic lower-case id    | BASIC:gktestbootstrapadmin:x                                             | -     | basic | -
            basic not base64       | Basic %%%                                                                | -     | basic | -
            sigv4 header           | AWS4-HMAC-SHA256 Credential=GKTESTBOOTSTRAPADMIN/20261202/local/ecs/aws4_request, SignedHeaders=host, Signature=abc | - | sigv4 | GKTESTBOOTSTRAPADMIN
            sigv4 odd id           | AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261202/local/ecs/aws4_request, Signature=abc | - | sigv4 | -
            presigned              | -                                                                        | GKTESTBOOTSTRAPADMIN/20261202/local/ecs/aws4_request | sigv4 | GKTESTBOOTSTRAPADMIN
            bearer                 | Bearer eyJhbGciOi.payload.sig                                            | -     | jwt   | -
            other scheme           | Digest username=x                                                        | -     | unknown | -
            none                   | -                                                                        | -     | -     | -
            """)
    void theClaimedKeyIdIsKeptOnlyInTheAccessKeyFormat(String name, String authorization, String credential,
            String protocol, String keyId) {
        if (authorization != null && authorization.startsWith("BASIC:")) {
            String[] parts = authorization.substring(6).split(":", 2);
            authorization = basic(parts[0], parts[1]);
        }
        AttemptedCredentials attempted = AttemptedCredentials.of(authorization, credential);
        assertThat(attempted.protocol()).isEqualTo(protocol);
        assertThat(attempted.accessKeyId()).isEqualTo(keyId);
        assertThat(attempted.present()).isEqualTo(protocol != null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=GK%2F2026 | X-Amz-Credential | GK/2026
            a=1&b=2                                                    | X-Amz-Credential | -
            -                                                          | X-Amz-Credential | -
            X-Amz-Credential=%ZZ                                        | X-Amz-Credential | -
            """)
    void queryParametersAreReadFromTheQueryStringAlone(String query, String name, String value) {
        assertThat(AttemptedCredentials.queryParameter(query, name)).isEqualTo(value);
    }
}
