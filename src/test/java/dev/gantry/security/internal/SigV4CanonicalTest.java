package dev.gantry.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonicalisation rules, one table each (the SDK-signed proofs are in SigV4VerifierTest and SigV4PropertyTest). */
class SigV4CanonicalTest {

    @Test
    void canonicalUriDoubleEncodesNormalisesAndKeepsTheTrailingSlashAsSent() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("", "/"),
                Map.entry("/", "/"),
                Map.entry("/v1/clusters", "/v1/clusters"),
                Map.entry("/v1/clusters/", "/v1/clusters/"),
                Map.entry("/v1/clusters/arn%3Aaws%3Aecs%3Aus-east-1%3A1%3Acluster%2Fprod",
                        "/v1/clusters/arn%253Aaws%253Aecs%253Aus-east-1%253A1%253Acluster%252Fprod"),
                Map.entry("/v1/clusters/arn:aws:ecs:us-east-1:1:cluster%2Fprod",
                        "/v1/clusters/arn%3Aaws%3Aecs%3Aus-east-1%3A1%3Acluster%252Fprod"),
                Map.entry("/a/./b/../c", "/a/c"),
                Map.entry("/a/b/.", "/a/b"),
                Map.entry("/a/b/./", "/a/b/"),
                Map.entry("/a/%2E%2E/b", "/a/%252E%252E/b"),
                Map.entry("/a~b_c-d.e", "/a~b_c-d.e"),
                Map.entry("/a+b*c!d'e(f)", "/a%2Bb%2Ac%21d%27e%28f%29"),
                Map.entry("/with space|pipe", "/with%20space%7Cpipe"),
                Map.entry("/ü", "/%C3%BC"));
        cases.forEach((raw, canonical) -> assertThat(SigV4Canonical.canonicalUri(raw)).as(raw).isEqualTo(canonical));
    }

    @Test
    void canonicalQuerySortsByNameThenValueAndEncodesStrictly() {
        assertThat(canonical("b=2&a=1&a=0")).isEqualTo("a=0&a=1&b=2");
        assertThat(canonical("flag&x=")).isEqualTo("flag=&x=");
        assertThat(canonical("q=a+b&r=a%20b&s=a%2Bb")).isEqualTo("q=a%20b&r=a%20b&s=a%2Bb");
        assertThat(canonical("k=%7e%41~&K=1")).isEqualTo("K=1&k=~A~");
        assertThat(canonical("=ignored&&a=1")).isEqualTo("a=1");
        assertThat(canonical("n=%E2%82%AC&slash=/&colon=:")).isEqualTo("colon=%3A&n=%E2%82%AC&slash=%2F");
        assertThat(SigV4Canonical.canonicalQuery(SigV4Canonical.parseQuery("X-Amz-Signature=abc&a=1"),
                "X-Amz-Signature"::equals)).isEqualTo("a=1");
        assertThat(canonical(null)).isEmpty();
    }

    @Test
    void brokenPercentEscapesAreRefusedNotGuessed() {
        for (String query : List.of("a=%", "a=%4", "a=%zz", "%g0=1")) {
            assertThatThrownBy(() -> SigV4Canonical.parseQuery(query)).as(query)
                    .isInstanceOf(SigV4Canonical.MalformedQueryException.class);
        }
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndRepeatedValuesJoined() {
        assertThat(SigV4Canonical.trimAndCollapse("  a   b\t\tc  ")).isEqualTo("a b c");
        assertThat(SigV4Canonical.trimAndCollapse("\t")).isEmpty();
        assertThat(SigV4Canonical.canonicalHeaders(List.of("host", "x-a", "x-missing"),
                Map.of("host", List.of("h:1"), "x-a", List.of(" 1 ", "2  3"))))
                .isEqualTo("host:h:1\nx-a:1,2 3\nx-missing:\n");
    }

    @Test
    void encodingKeepsOnlyUnreservedCharacters() {
        assertThat(SigV4Canonical.encode("AZaz09-_.~ /:%".getBytes(StandardCharsets.UTF_8), false))
                .isEqualTo("AZaz09-_.~%20%2F%3A%25");
        assertThat(SigV4Canonical.encode("/a/b".getBytes(StandardCharsets.UTF_8), true)).isEqualTo("/a/b");
    }

    @Test
    void theAuthorizationHeaderParsesWithAwsLeniencyAndNamesWhatIsMissing() {
        SigV4Authorization tight = SigV4Authorization.parse(
                "AWS4-HMAC-SHA256 Credential=GK/20261202/r/ecs/aws4_request,SignedHeaders=host;x-amz-date,Signature=ab");
        assertThat(tight.credential()).isEqualTo("GK/20261202/r/ecs/aws4_request");
        assertThat(tight.signedHeaders()).isEqualTo("host;x-amz-date");
        assertThat(tight.signature()).isEqualTo("ab");
        assertThat(tight.problems()).isEmpty();

        SigV4Authorization bare = SigV4Authorization.parse("AWS4-HMAC-SHA256");
        assertThat(bare.problems()).containsExactly("Authorization header requires 'Credential' parameter.",
                "Authorization header requires 'Signature' parameter.",
                "Authorization header requires 'SignedHeaders' parameter.");
    }

    @Test
    void theCredentialScopeSplitsIntoItsFiveParts() {
        SigV4Scope scope = SigV4Scope.parse("GKABC/20261202/any-region/ecs/aws4_request");
        assertThat(scope.malformed()).isFalse();
        assertThat(scope.scope()).isEqualTo("20261202/any-region/ecs/aws4_request");
        assertThat(scope.accessKeyId()).isEqualTo("GKABC");
        for (String bad : List.of("GKABC", "GKABC/20261202/r/ecs", "GKABC/2026120/r/ecs/aws4_request",
                "GKABC/20261202/r//aws4_request", "GKABC/20261202/r/ecs/aws4_request/x", "/20261202/r/ecs/aws4_request")) {
            assertThat(SigV4Scope.parse(bad).malformed()).as(bad).isTrue();
        }
    }

    @Test
    void signaturesCompareOnlyWhenEqual() {
        assertThat(SigV4Signing.sameSignature("ab", "ab")).isTrue();
        assertThat(SigV4Signing.sameSignature("ab", "ac")).isFalse();
        assertThat(SigV4Signing.sameSignature("ab", "abc")).isFalse();
    }

    /** The AWS documentation's worked example of a signing key and signature (IAM user guide, GET ListUsers). */
    @Test
    void theSignatureMatchesAwsDocumentedDerivation() {
        String canonicalRequest = SigV4Signing.canonicalRequest("GET", "/", "Action=ListUsers&Version=2010-05-08",
                "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                        + "x-amz-date:20150830T123600Z\n",
                "content-type;host;x-amz-date", SigV4Canonical.sha256Hex(new byte[0]));
        assertThat(SigV4Canonical.sha256Hex(canonicalRequest))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        String stringToSign = SigV4Signing.stringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request",
                canonicalRequest);
        assertThat(SigV4Signing.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam",
                stringToSign)).isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    private static String canonical(String rawQuery) {
        return SigV4Canonical.canonicalQuery(SigV4Canonical.parseQuery(rawQuery), name -> false);
    }
}
