package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * docker-compose's start-up: with the setting on, the local engine (here rig host 2) is registered
 * in the bootstrap cluster once, and logs are structured JSON (ECS) with the event fields and no secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "gantry.bootstrap.register-local-engine=true",
        "gantry.bootstrap.cluster=bootstrap",
        "gantry.bootstrap.docker-endpoint=unix:///tmp/gantry-rig/h2/docker.sock",
        "logging.structured.format.console=ecs"})
@ActiveProfiles("it")
@ExtendWith(OutputCaptureExtension.class)
class LocalEngineBootstrapIT {

    static {
        assertThat(Path.of("/tmp/gantry-rig/h2/docker.sock")).as("rig host 2 (scripts/rig.sh up)").exists();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LocalEngineBootstrap bootstrap;

    private int registered() {
        return jdbc.sql("""
                SELECT count(*) FROM container_instance i JOIN cluster c ON c.id = i.cluster_id
                WHERE c.name = 'bootstrap' AND c.status = 'ACTIVE' AND i.status <> 'INACTIVE'
                  AND i.docker_endpoint = 'unix:///tmp/gantry-rig/h2/docker.sock'""").query(Integer.class).single();
    }

    @Test
    void theLocalEngineIsRegisteredOnceAndAgainIsANoOp(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20)).until(() -> registered() == 1);

        bootstrap.registerLocalEngine();

        assertThat(registered()).isEqualTo(1);
        assertThat(output.getOut()).contains("already registered");
    }

    @Test
    void logLinesAreEcsJsonWithFieldsAndNoSecrets(CapturedOutput output) {
        bootstrap.registerLocalEngine();
        String json = output.getOut().lines().filter(l -> l.contains("local Docker engine")).findFirst().orElseThrow();
        assertThat(json).startsWith("{").endsWith("}").contains("\"log\":{\"level\":\"INFO\"", "\"ecs\":{\"version\"", "\"cluster\":\"bootstrap\"");
        assertThat(output.getOut()).doesNotContain("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY");
    }
}
