package dev.gantry.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHostException.Kind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.gantry.docker.ContainerObservation;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": no such host\"}"), () -> true))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL);
                    assertThat(e.getMessage()).isEqualTo(
                            "CannotPullContainerError: Get \"https://registry-1.docker.io/v2/\": no such host");
                });
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> engineBodies() {
        return java.util.stream.Stream.of(
                engineBody("Status 404: {\"message\":\"No such container: c\"}", "No such container: c"),
                engineBody("Status 500: {\"message\": \"a \\\"quoted\\\" word\"}\n", "a \"quoted\" word"),
                engineBody("Status 500: {\"message\":\"line one\\nline two\"}", "line one line two"),
                engineBody("Status 500: {\"message\":\"back\\\\slash \\u00e9\"}", "back\\slash \u00e9"),
                engineBody("Status 409: {\"cause\":{\"message\":\"inner\"},\"message\":\"outer\"}", "outer"),
                engineBody("Status 500: {\"error\":\"no message field\"}", "Status 500: {\"error\":\"no message field\"}"),
                engineBody("Status 500: {not json", "Status 500: {not json"),
                engineBody("  plain words  ", "plain words"));
    }

    private static org.junit.jupiter.params.provider.Arguments engineBody(String failure, String message) {
        return org.junit.jupiter.params.provider.Arguments.of(failure, message);
    }

    /** The engine's words out of docker-java's "Status N: {json}", read with Jackson: escapes, nesting, non-JSON. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("engineBodies")
    void theEnginesOwnMessageIsReadAsJson(String failure, String expected) {
        assertThat(EngineErrors.engineMessage(new RuntimeException(failure))).isEqualTo(expected);
    }

    /** The table of the pull classification: a connection problem is the image's unless the engine is silent too. */
    @Test
    void aPullThatTimesOutIsTheImagesProblemUnlessTheEngineIsSilentToo() {
        var timeout = new UncheckedIOException(new java.net.SocketTimeoutException("Read timed out"));
        var refusedByEngine = new InternalServerErrorException("Status 500: {\"message\":\"connection refused\"}");
        record Case(RuntimeException failure, boolean engineAnswers, Kind expected) {
        }
        for (Case c : java.util.List.of(
                new Case(timeout, true, Kind.IMAGE_PULL),
                new Case(timeout, false, Kind.UNREACHABLE),
                new Case(refusedByEngine, true, Kind.IMAGE_PULL),
                new Case(refusedByEngine, false, Kind.IMAGE_PULL))) {
            var classified = EngineErrors.pullFailure("10.213.0.250:5000/x:1", c.failure(), c::engineAnswers);
            assertThat(classified.kind()).as("%s with the engine answering: %s", c.failure(), c.engineAnswers())
                    .isEqualTo(c.expected());
            if (c.expected() == Kind.IMAGE_PULL) {
                assertThat(classified.getMessage()).startsWith("CannotPullContainerError: ");
            }
        }
        assertThat(ImagePuller.timedOut("127.0.0.1:5997/x:1", java.time.Duration.ofSeconds(4)))
                .startsWith("CannotPullContainerError: pull of 127.0.0.1:5997/x:1 did not finish within 4 s");
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

    @ParameterizedTest(name = "{0} / \"{1}\"")
    @CsvSource(nullValues = "null", value = {
        "running, Up 5 seconds,                              null, null",
        "running, Up 5 seconds (healthy),                    null, healthy",
        "running, Up About a minute (unhealthy),             null, unhealthy",
        "running, Up 1 second (health: starting),            null, starting",
        "exited,  Exited (137) 3 seconds ago,                137,  null",
        "exited,  Exited (0) Less than a second ago,         0,    null",
        "created, Created,                                   null, null",
    })
    void aListedContainerReportsStateExitCodeAndHealthFromItsSummary(String state, String status, Integer exit, String health)
            throws Exception {
        Container summary = new ObjectMapper().readValue("""
                {"Id":"abc","Names":["/gantry-t1-web"],"Image":"gantry-test/busybox:1","ImageID":"sha256:1",
                 "Labels":{"gantry.task-arn":"t1"},"State":"%s","Status":"%s",
                 "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":32768,"Type":"tcp"},
                          {"IP":"::","PrivatePort":80,"PublicPort":32768,"Type":"tcp"},{"PrivatePort":81,"Type":"tcp"}]}
                """.formatted(state, status), Container.class);

        ContainerObservation o = ObservationMapper.summarise(summary);

        assertThat(o.state()).isEqualTo(state);
        assertThat(o.exitCode()).isEqualTo(exit);
        assertThat(o.health()).isEqualTo(health);
        assertThat(o.name()).isEqualTo("gantry-t1-web");
        assertThat(o.imageId()).isEqualTo("sha256:1");
        assertThat(o.labels()).containsEntry("gantry.task-arn", "t1");
        assertThat(o.bindings()).containsExactly(new ContainerObservation.Binding(80, 32768, "0.0.0.0", "tcp"));
    }
}
