package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import dev.gantry.TestCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import tools.jackson.databind.JsonNode;

/**
 * The README's AWS CLI walk-through, run by {@code scripts/aws-cli-walkthrough.sh} with Debian's AWS CLI v2
 * ({@code /usr/bin/aws}, package {@code awscli}, installed by {@code scripts/test-setup.sh}) against this Gantry and
 * rig host h1: every command and waiter, with the waiters' real timing, must succeed, and what they did is then
 * checked through the SDK and on the host. The CLI runs with an environment of its own (no inherited AWS settings,
 * an empty config file, the test key in a shared-credentials file as the bootstrap key's file is) and a proxy that
 * goes nowhere for anything but loopback, so no call can leave the machine.
 */
@GantryIntegrationTest
class AwsCliWalkthroughE2E {

    static final Path DEBIAN_AWS = Path.of("/usr/bin/aws");
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Pattern TASK_ARN = Pattern.compile("\\+ (?:\\[\\d+s] )?task=(arn:aws:ecs:local:000000000000:task/\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Autowired
    EcsEndpoint endpoint;

    @TempDir
    Path work;

    private final String cluster = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    private final String family = "cli-web-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theReadmesWalkThroughRunsWithDebiansAwsCliV2() throws Exception {
        assertThat(DEBIAN_AWS).as("Debian's AWS CLI v2 (apt-get install awscli; scripts/test-setup.sh installs it)")
                .isExecutable();
        Result version = run(DEBIAN_AWS.toString(), "--version");
        assertThat(version.stdout() + version.stderr()).startsWith("aws-cli/2.");

        long started = System.nanoTime();
        Result walk = run("/bin/bash", AwsCliWalkthroughTest.SCRIPT.toAbsolutePath().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("AWS CLI walk-through (%s): %d ms%n", version.stdout().trim(), took.toMillis());
        assertThat(walk.exit()).as("the walk-through's exit status; its output:%n%s%n%s", walk.stdout(), walk.stderr())
                .isZero();

        String clusterArn = "arn:aws:ecs:local:000000000000:cluster/" + cluster;
        assertThat(walk.stdout()).contains("\"clusterArn\": \"" + clusterArn + "\"")
                .contains("\"runningEC2TasksCount\"")
                .contains("arn:aws:ecs:local:000000000000:task-definition/" + family + ":1");
        Matcher arn = TASK_ARN.matcher(walk.stderr());
        assertThat(arn.find()).as("the task ARN run-task answered, in the trace:%n%s", walk.stderr()).isTrue();
        assertThat(arn.group(1)).contains("/" + cluster + "/");

        // the walk-through's --query answers, in order (the cluster is gone now, and with it its tasks and services)
        assertThat(walk.stdout().replaceAll("\\s+", ""))
                .containsSubsequence("[\"ACTIVE\",true,", "[\"RUNNING\",", "\"STOPPED\"", "\"ACTIVE\"",
                        "[\"PRIMARY\",1]", "[\"ACTIVE\",1,1]", "\"DRAINING\"", "\"INACTIVE\"", "\"INACTIVE\"")
                .endsWith("\"DRAINING\"\"INACTIVE\"\"INACTIVE\"");
        assertThat(walk.stderr()).as("every waiter ran").contains("wait tasks-running", "wait tasks-stopped",
                "wait services-stable", "wait services-inactive");
        try (EcsClient ecs = EcsClients.of(port)) {
            assertThat(ecs.describeClusters(b -> b.clusters(cluster)).clusters().getFirst().status())
                    .isEqualTo("INACTIVE");
        }
        assertThat(RigHosts.running(1, clusterArn)).as("containers of the walk-through left running on h1").isEmpty();
    }

    @Test
    void everyActionTheReadmeCallsSupportedIsServed() throws IOException {
        var supported = AwsCliWalkthroughTest.actionRows().entrySet().stream()
                .filter(row -> row.getValue().status().startsWith("supported")).map(Map.Entry::getKey).toList();

        assertThat(endpoint.actions()).as("the ECS endpoint's operations against the README's table")
                .containsAll(supported);
    }

    @AfterEach
    void cleanUp() {
        // a walk-through that failed half-way leaves its host registered and its containers on h1
        JsonNode instances = http.get().uri("/v1/clusters/{c}/container-instances", cluster).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        if (instances != null && instances.has("items")) {
            for (JsonNode i : instances.get("items")) {
                http.delete().uri("/v1/clusters/{c}/container-instances/{i}?force=true", cluster,
                        i.get("ec2InstanceId").asString()).exchange();
            }
        }
        RigHosts.removeClusterEverywhere("arn:aws:ecs:local:000000000000:cluster/" + cluster);
    }

    private Result run(String... command) throws IOException, InterruptedException {
        Path credentials = work.resolve("credentials");
        Files.writeString(credentials, "[gantry]\naws_access_key_id = " + TestCredentials.ACCESS_KEY_ID
                + "\naws_secret_access_key = " + TestCredentials.SECRET_ACCESS_KEY + "\n");
        Path config = Files.writeString(work.resolve("config"), "");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        // /usr/bin first and alone: a pyenv or pip `aws` (v1) elsewhere on the build's PATH is not the one tested
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("LANG", "C.UTF-8");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_ENDPOINT_URL_ECS", "http://localhost:" + port);
        // anything not for loopback would go to a proxy that is not there, so nothing leaves the machine
        env.put("HTTP_PROXY", "http://127.0.0.1:9");
        env.put("HTTPS_PROXY", "http://127.0.0.1:9");
        env.put("NO_PROXY", "localhost,127.0.0.1");
        env.put("WALKTHROUGH_CLUSTER", cluster);
        env.put("WALKTHROUGH_FAMILY", family);
        env.put("WALKTHROUGH_DOCKER", RigHosts.unixSocket(1));
        env.put("WALKTHROUGH_IMAGE", "gantry-test/busybox:1");
        Process process = builder.start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("the walk-through did not finish within " + LIMIT + "; its output:\n"
                    + Files.readString(work.resolve("stdout")) + "\n" + Files.readString(work.resolve("stderr")));
        }
        return new Result(process.exitValue(), Files.readString(work.resolve("stdout")),
                Files.readString(work.resolve("stderr")));
    }

    record Result(int exit, String stdout, String stderr) {
    }
}
