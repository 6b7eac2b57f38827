package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.RigHosts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docker-compose's start-up: with the setting on, the local engine (here rig host 2) is registered
 * in the bootstrap cluster once, and logs are structured JSON (ECS) with the event fields and no secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "gantry.bootstrap.register-local-engine=true",
        "gantry.bootstrap.cluster=bootstrap",
        "logging.structured.format.console=ecs"})
@ActiveProfiles("it")
@ExtendWith(OutputCaptureExtension.class)
class LocalEngineBootstrapIT {

    private static final int HOST = 2;

    @DynamicPropertySource
    static void localEngine(DynamicPropertyRegistry registry) {
        registry.add("gantry.bootstrap.docker-endpoint", () -> RigHosts.unixSocket(HOST));
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LocalEngineBootstrap bootstrap;

    private int registered() {
        return jdbc.sql("""
                SELECT count(*) FROM container_instance i JOIN cluster c ON c.id = i.cluster_id
                WHERE c.name = 'bootstrap' AND c.status = 'ACTIVE' AND i.status <> 'INACTIVE'
                  AND i.docker_endpoint = ?""").param(RigHosts.unixSocket(HOST)).query(Integer.class).single();
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
