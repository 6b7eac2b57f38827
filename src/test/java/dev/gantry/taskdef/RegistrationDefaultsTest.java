package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The effective values registration fills in, and the host attributes a definition requires. */
class RegistrationDefaultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ContainerDefinition container(String json) {
        return JSON.readValue(json.replace('\'', '"'), ContainerDefinition.class);
    }

    @Test
    void containerDefaultsAreCpuZeroEssentialAndTcp() {
        ContainerDefinition c = container("{'name':'a','image':'i','portMappings':[{'containerPort':80}]}")
                .withDefaults(NetworkMode.BRIDGE);
        assertThat(c.cpu()).isZero();
        assertThat(c.essential()).isTrue();
        assertThat(c.portMappings().getFirst().protocol()).isEqualTo(PortMapping.Protocol.TCP);
        assertThat(c.portMappings().getFirst().hostPort()).as("bridge keeps the port dynamic").isNull();
        assertThat(c.portMappings().getFirst().staticHostPort(NetworkMode.BRIDGE)).isNull();
    }

    @Test
    void explicitValuesAreKept() {
        ContainerDefinition c = container("{'name':'a','image':'i','cpu':256,'essential':false,"
                + "'portMappings':[{'containerPort':53,'hostPort':5353,'protocol':'udp'}]}").withDefaults(NetworkMode.BRIDGE);
        assertThat(c.cpu()).isEqualTo(256);
        assertThat(c.essential()).isFalse();
        assertThat(c.portMappings().getFirst()).isEqualTo(new PortMapping(53, 5353, PortMapping.Protocol.UDP, null, null));
    }

    @Test
    void hostModeHostPortIsTheContainerPort() {
        ContainerDefinition c = container("{'name':'a','image':'i','portMappings':[{'containerPort':8080,'hostPort':0}]}")
                .withDefaults(NetworkMode.HOST);
        assertThat(c.portMappings().getFirst().hostPort()).isEqualTo(8080);
        assertThat(c.portMappings().getFirst().staticHostPort(NetworkMode.HOST)).isEqualTo(8080);
    }

    @Test
    void healthCheckGetsTheEcsDefaultsButKeepsGivenValues() {
        HealthCheck check = container("{'name':'a','image':'i','healthCheck':{'command':['CMD','true'],'retries':5}}")
                .withDefaults(NetworkMode.BRIDGE).healthCheck();
        assertThat(check).isEqualTo(new HealthCheck(List.of("CMD", "true"), 30, 5, 5, 0));
    }

    @Test
    void reservedMemoryPrefersTheSoftLimit() {
        assertThat(container("{'name':'a','image':'i','memory':512,'memoryReservation':256}").reservedMemory()).isEqualTo(256);
        assertThat(container("{'name':'a','image':'i','memory':512}").reservedMemory()).isEqualTo(512);
    }

    @Test
    void requiredAttributesFollowHealthChecksAndDependencies() {
        ContainerDefinition plain = container("{'name':'a','image':'i'}");
        ContainerDefinition checked = container("{'name':'b','image':'i','healthCheck':{'command':['CMD','true']}}");
        ContainerDefinition ordered = container("{'name':'c','image':'i','dependsOn':[{'containerName':'a','condition':'START'}]}");
        assertThat(RequiredAttributes.requiredBy(List.of(plain))).isEmpty();
        assertThat(RequiredAttributes.requiredBy(List.of(plain, checked, ordered)))
                .extracting(TaskDefinition.Attribute::name)
                .containsExactly(RequiredAttributes.DOCKER_REMOTE_API_1_24, RequiredAttributes.CONTAINER_HEALTH_CHECK,
                        RequiredAttributes.CONTAINER_ORDERING);
        assertThat(RequiredAttributes.ALL).containsAll(RequiredAttributes.requiredBy(List.of(checked, ordered))
                .stream().map(TaskDefinition.Attribute::name).toList());
    }
}
