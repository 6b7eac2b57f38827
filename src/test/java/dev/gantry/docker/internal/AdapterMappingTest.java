package dev.gantry.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHostException.Kind;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's pure pieces, without an engine. */
class AdapterMappingTest {

    @Test
    void imageNamesSplitIntoRepositoryAndTagWithLatestAsDefault() {
        assertThat(ImagePuller.ImageName.parse("gantry-test/busybox:1"))
                .isEqualTo(new ImagePuller.ImageName("gantry-test/busybox", "1"));
        assertThat(ImagePuller.ImageName.parse("registry:5000/app"))
                .isEqualTo(new ImagePuller.ImageName("registry:5000/app", "latest"));
        assertThat(ImagePuller.ImageName.parse("app@sha256:abc").tag()).isNull();
    }

    @Test
    void engineErrorsAreClassifiedWithTheEnginesOwnMessage() {
        assertThat(EngineErrors.classify("x", new NotFoundException("Status 404: {\"message\":\"No such container: c\"}")))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("x: No such container: c");
                });
        assertThat(EngineErrors.classify("x", new ConflictException("in use")).kind()).isEqualTo(Kind.CONFLICT);
        assertThat(EngineErrors.classify("x", new InternalServerErrorException("boom")).kind()).isEqualTo(Kind.REFUSED);
        assertThat(EngineErrors.classify("x", new UncheckedIOException(new ConnectException("refused"))).kind())
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(EngineErrors.pullFailure("img", new InternalServerErrorException(
                "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": no such host\"}")))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL);
                    assertThat(e.getMessage()).isEqualTo(
                            "CannotPullContainerError: Get \"https://registry-1.docker.io/v2/\": no such host");
                });
    }

    @Test
    void labelFiltersUseKeyAloneForEmptyValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("gantry.cluster", "default");
        labels.put("gantry.service", "");

        assertThat(DockerJavaHost.labelFilters(labels)).containsExactly("gantry.cluster=default", "gantry.service");
    }

    @Test
    void pkcs8KeysAreReadAndUnsupportedFormatsAreNamedWithoutEchoingTheKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        assertThat(PemSslConfig.privateKey(pem).getAlgorithm()).isEqualTo("EC");
        assertThatThrownBy(() -> PemSslConfig.privateKey(pem.replace("PRIVATE KEY", "EC PRIVATE KEY")))
                .hasMessageContaining("use PKCS#8")
                .hasMessageNotContaining(pem.substring(30, 60));
    }

    @Test
    void endpointsWithUnknownSchemesAreRejected() {
        assertThatThrownBy(() -> new DockerJavaHostFactory().open(DockerEndpoint.plain("http://localhost:2375")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
