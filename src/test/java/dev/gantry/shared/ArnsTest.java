package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reference form ECS accepts, and the near misses, for each resource the API takes references to. */
class ArnsTest {

    static final Arns ARNS = new Arns("local", "000000000000");
    static final String ID = "0f3c9a8b7c6d5e4f3a2b1c0d9e8f7a6b";

    private static Function<String, Optional<String>> parser(String resource) {
        return switch (resource) {
            case "cluster" -> ARNS::clusterName;
            case "service" -> ARNS::serviceName;
            case "task" -> ARNS::taskId;
            case "container-instance" -> ARNS::containerInstanceId;
            default -> throw new IllegalArgumentException(resource);
        };
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "REFUSED", delimiter = '|', value = {
            // cluster: name or ARN
            "cluster | default | default",
            "cluster | arn:aws:ecs:local:000000000000:cluster/prod-1 | prod-1",
            "cluster | arn:aws:ecs:other:000000000000:cluster/prod | REFUSED",
            "cluster | arn:aws:ecs:local:111111111111:cluster/prod | REFUSED",
            "cluster | arn:aws:ecs:local:000000000000:service/prod | REFUSED",
            "cluster | arn:aws:ecs:local:000000000000:cluster/a/b | REFUSED",
            "cluster | a/b | REFUSED",
            "cluster | has space | REFUSED",
            // service: name, cluster/name, long ARN, legacy short ARN
            "service | web | web",
            "service | default/web | web",
            "service | arn:aws:ecs:local:000000000000:service/default/web | web",
            "service | arn:aws:ecs:local:000000000000:service/web | web",
            "service | arn:aws:ecs:local:000000000000:task/default/web | REFUSED",
            "service | arn:aws:ecs:local:000000000000:service/a/b/web | REFUSED",
            "service | a/b/web | REFUSED",
            "service | bad!name | REFUSED",
            "service | bad!cluster/web | REFUSED",
            "service | default/ | REFUSED",
            // task: id, cluster/id, long ARN, legacy short ARN
            "task | " + ID + " | " + ID,
            "task | default/" + ID + " | " + ID,
            "task | arn:aws:ecs:local:000000000000:task/default/" + ID + " | " + ID,
            "task | arn:aws:ecs:local:000000000000:task/" + ID + " | " + ID,
            "task | arn:aws:ecs:local:000000000000:container-instance/default/" + ID + " | REFUSED",
            "task | arn:aws:ecs:other:000000000000:task/default/" + ID + " | REFUSED",
            "task | 0F3C9A8B7C6D5E4F3A2B1C0D9E8F7A6B | REFUSED",
            "task | 0f3c9a8b-7c6d-5e4f-3a2b-1c0d9e8f7a6b | REFUSED",
            "task | a/b/" + ID + " | REFUSED",
            "task | short | REFUSED",
            // container instance: id, cluster/id, long ARN, legacy short ARN
            "container-instance | " + ID + " | " + ID,
            "container-instance | default/" + ID + " | " + ID,
            "container-instance | arn:aws:ecs:local:000000000000:container-instance/default/" + ID + " | " + ID,
            "container-instance | arn:aws:ecs:local:000000000000:container-instance/" + ID + " | " + ID,
            "container-instance | arn:aws:ecs:local:000000000000:task/default/" + ID + " | REFUSED",
            "container-instance | arn:aws:ecs:local:000000000000:container-instance/a/b/" + ID + " | REFUSED",
    })
    void referencesToTheirShortForm(String resource, String reference, String expected) {
        assertThat(parser(resource).apply(reference)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({"default, " + ID, "prod-1, " + ID})
    void everyArnWeFormatParsesBackToItsId(String cluster, String id) {
        assertThat(ARNS.taskId(ARNS.task(cluster, id))).contains(id);
        assertThat(ARNS.containerInstanceId(ARNS.containerInstance(cluster, id))).contains(id);
        assertThat(ARNS.serviceName(ARNS.service(cluster, "web"))).contains("web");
        assertThat(ARNS.clusterName(ARNS.cluster(cluster))).contains(cluster);
        assertThat(Arns.idIn(ARNS.task(cluster, id))).isEqualTo(id);
        assertThat(Arns.idIn(ARNS.containerInstance(cluster, id))).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL"})
    void noArnHasNoId(String arn) {
        assertThat(Arns.idIn(arn)).isNull();
    }
}
