package dev.gantry.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.RigHosts;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerEndpoint;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHost.LogRequest;
import dev.gantry.docker.DockerHostContract;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import dev.gantry.docker.HostInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The port's contract against a real dockerd of the test rig (host h1 over its unix socket), plus what only
 * a real engine can show: published ports that serve traffic, name resolution on a task network, TCP and
 * mutual TLS endpoints, and an unreachable engine.
 */
class DockerJavaHostIT extends DockerHostContract {

    private static final int HOST = 1;
    private final DockerJavaHostFactory factory = new DockerJavaHostFactory();

    @BeforeAll
    static void rigIsUp() {
        RigHosts.directory();
    }

    @Override
    protected DockerHost openHost() {
        return factory.open(DockerEndpoint.plain(RigHosts.unixSocket(HOST)));
    }

    @Override
    protected void scriptOutOfMemory(String containerName) {
        // The kernel does it: the container really allocates more than its limit.
    }

    @Test
    void publishedPortServesHttpAtTheHostsAddress() throws Exception {
        ContainerRef web = createAndStart(container("httpd").port(80, null)
                .shell("echo hello-from-gantry > /www/index.html; httpd -f -p 80 -h /www"));
        int hostPort = observe(web).bindings().getFirst().hostPort();
        URI page = URI.create("http://" + RigHosts.address(HOST) + ":" + hostPort + "/");

        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello-from-gantry\n");
            });
        }
    }

    @Test
    void containersOfATaskReachEachOtherByAliasOnTheTaskNetwork() {
        String network = "gt-" + run + "-task";
        host.ensureNetwork(network, Map.of(RUN_LABEL, run));
        try {
            createAndStart(container("db").network(network, "database")
                    .shell("echo pong > /www/index.html; httpd -f -p 80 -h /www"));
            ContainerRef client = createAndStart(container("app").network(network, "app")
                    .shell("for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://database/ && exit 0; sleep 1; done; exit 1"));

            ContainerObservation finished = awaitFinished(client);

            assertThat(finished.exitCode()).isZero();
            assertThat(logs(client, new LogRequest(null, null, false, false))).contains("pong");
        } finally {
            host.list(Map.of(RUN_LABEL, run)).forEach(c -> host.remove(new ContainerRef(c.id())));
            host.removeNetwork(network);
        }
    }

    @Test
    void environmentUserWorkingDirectoryAndHostnameReachTheProcess() {
        ContainerRef ref = host.create(new dev.gantry.docker.ContainerSpec("gt-" + run + "-env",
                dev.gantry.docker.Specs.TEST_IMAGE, null, java.util.List.of("sh", "-c"),
                java.util.List.of("echo $GREETING; id -u; pwd; hostname"), Map.of("GREETING", "hi there"),
                Map.of(RUN_LABEL, run), "bridge", java.util.List.of(), java.util.List.of(), 256, 500_000_000L, 64, 32,
                null, "65534", "/tmp", java.util.List.of(new dev.gantry.docker.ContainerSpec.Ulimit("nofile", 1024, 2048)),
                true, 5, java.util.List.of(), "svc-host", false));
        host.start(ref);
        awaitFinished(ref);

        assertThat(logs(ref, new LogRequest(null, null, false, false))).isEqualTo("hi there\n65534\n/tmp\nsvc-host\n");
    }

    @Test
    void eventStreamAndFollowedLogsOutlastTheResponseTimeoutOfOrdinaryRequests() {
        java.util.List<dev.gantry.docker.DockerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        long silentSeconds = DockerJavaHostFactory.RESPONSE_TIMEOUT.toSeconds() + 3;
        try (DockerHost.Subscription ignored = host.events(events::add, errors::add)) {
            ContainerRef quiet = createAndStart(container("quiet")
                    .shell("echo before; sleep " + silentSeconds + "; echo after; exit 4"));

            assertThat(logs(quiet, new LogRequest(null, null, true, false))).isEqualTo("before\nafter\n");
            String id = observe(quiet).id();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
                assertThat(e.containerId()).isEqualTo(id);
                assertThat(e.action()).isEqualTo("die");
            }));
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void plainTcpEndpointReachesTheSameEngineAsItsSocket() {
        try (DockerHost overTcp = factory.open(DockerEndpoint.plain(RigHosts.plainTcp(HOST)))) {
            assertThat(overTcp.describe().engineId()).isEqualTo(host.describe().engineId());
        }
    }

    @Test
    void everyRigHostIsADistinctEngine() {
        assertThat(RigHosts.hostCount()).as("GANTRY_RIG_HOSTS").isGreaterThanOrEqualTo(2);
        try (DockerHost second = factory.open(DockerEndpoint.plain(RigHosts.unixSocket(2)))) {
            HostInfo first = host.describe();
            HostInfo other = second.describe();
            assertThat(other.engineId()).isNotEqualTo(first.engineId());
            assertThat(other.name()).isNotEqualTo(first.name());
        }
    }

    @Test
    void unreachableEngineIsReportedQuickly() {
        long started = System.nanoTime();
        try (DockerHost nowhere = factory.open(DockerEndpoint.plain("tcp://127.0.0.1:1"))) {
            assertThatThrownBy(nowhere::describe)
                    .isInstanceOfSatisfying(DockerHostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void mutualTlsWorksWithPkcs8AndPkcs1ClientKeys() {
        for (String keyFile : new String[] {"key.pem", "key-rsa.pem"}) {
            try (DockerHost overTls = factory.open(mutualTls(keyFile))) {
                ContainerRef ref = overTls.create(container("tls-" + keyFile.replace('.', '-')).build());
                try {
                    overTls.start(ref);
                    assertThat(overTls.inspect(ref)).get().satisfies(c -> assertThat(c.running()).isTrue());
                } finally {
                    overTls.remove(ref);
                }
            }
        }
    }

    @Test
    void mutualTlsRefusesAServerItDoesNotTrust() {
        DockerEndpoint proper = mutualTls("key.pem");
        DockerEndpoint wrongTrust = new DockerEndpoint(proper.uri(), proper.certPem(), proper.certPem(), proper.keyPem());

        try (DockerHost distrustful = factory.open(wrongTrust)) {
            assertThatThrownBy(distrustful::describe)
                    .isInstanceOfSatisfying(DockerHostException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                        assertThat(e.getMessage()).doesNotContain("PRIVATE KEY");
                    });
        }
        assertThat(wrongTrust.toString()).doesNotContain("PRIVATE");
    }

    /** The TLS host with the client certificate and key the rig generated; {@code keyFile} picks the key format. */
    private static DockerEndpoint mutualTls(String keyFile) {
        return new DockerEndpoint(RigHosts.tlsTcp(), RigHosts.tlsFile("ca.pem"), RigHosts.tlsFile("cert.pem"),
                RigHosts.tlsFile(keyFile));
    }
}
