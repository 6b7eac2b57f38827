package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.RigHosts;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.AttributeLimitExceededException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListAttributesResponse;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.TargetNotFoundException;
import software.amazon.awssdk.services.ecs.model.TargetType;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateResponse;

/**
 * The container instance and attribute actions of the ECS protocol through the real AWS SDK for Java v2, with real
 * rig engines: h1 over its socket and the mutual-TLS host h0, whose endpoint and TLS material come as Gantry's
 * registration attributes and must never come back in any answer. Both are deregistered at the end, so the engines
 * are free for the other tests of the shared context.
 */
@GantryIntegrationTest
class EcsContainerInstancesIT {

    private static final String PREFIX = "AmazonEC2ContainerServiceV20141113.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void registerDescribeListDrainAttributeAndDeregisterRigHostsThroughTheSdk() throws Exception {
        String cluster = "ecs-inst-" + UUID.randomUUID().toString().substring(0, 8);
        String clusterArn = "arn:aws:ecs:local:000000000000:cluster/" + cluster;
        String arnPrefix = "arn:aws:ecs:local:000000000000:container-instance/" + cluster + "/";
        List<String> registered = new ArrayList<>();
        try (EcsClient ecs = EcsClients.of(port)) {
            ecs.createCluster(b -> b.clusterName(cluster));
            try {
                ContainerInstance socket = ecs.registerContainerInstance(b -> b.cluster(cluster).attributes(
                        attribute("gantry.docker-endpoint", RigHosts.unixSocket(1)),
                        attribute("gantry.availability-zone", "zone-a"),
                        attribute("stack", "prod")).tags(t -> t.key("team").value("core"))).containerInstance();
                registered.add(socket.containerInstanceArn());
                ContainerInstance tls = ecs.registerContainerInstance(b -> b.cluster(clusterArn).attributes(
                        attribute("gantry.docker-endpoint", RigHosts.tlsTcp()),
                        attribute("gantry.tls.ca-certificate", RigHosts.tlsFile("ca.pem")),
                        attribute("gantry.tls.client-certificate", RigHosts.tlsFile("cert.pem")),
                        attribute("gantry.tls.client-key", RigHosts.tlsFile("key.pem")),
                        attribute("gantry.availability-zone", "zone-b"))).containerInstance();
                registered.add(tls.containerInstanceArn());
                String a = socket.containerInstanceArn();
                String b = tls.containerInstanceArn();

                assertThat(a).startsWith(arnPrefix).matches(".*/[0-9a-f]{32}");
                assertThat(socket.ec2InstanceId()).as("there is no EC2 instance").isNull();
                assertThat(socket.status()).isEqualTo("ACTIVE");
                assertThat(socket.agentConnected()).isTrue();
                assertThat(socket.registeredAt()).isNotNull();
                assertThat(socket.versionInfo().dockerVersion())
                        .contains(RigHosts.docker(1).infoCmd().exec().getServerVersion());
                assertThat(socket.registeredResources()).extracting(Resource::name)
                        .containsExactly("CPU", "MEMORY", "PORTS", "PORTS_UDP");
                Resource cpu = socket.registeredResources().getFirst();
                assertThat(cpu.type()).isEqualTo("INTEGER");
                assertThat(cpu.integerValue()).isEqualTo(RigHosts.docker(1).infoCmd().exec().getNCPU() * 1024);
                assertThat(socket.registeredResources().get(2).type()).isEqualTo("STRINGSET");
                assertThat(socket.registeredResources().get(2).stringSetValue()).contains("22", "2375", "2376");
                assertThat(socket.remainingResources().get(2).stringSetValue())
                        .as("remaining PORTS hold the reserved ports").contains("22", "2375", "2376");
                assertThat(socket.attributes()).anySatisfy(x -> {
                    assertThat(x.name()).isEqualTo("ecs.availability-zone");
                    assertThat(x.value()).isEqualTo("zone-a");
                }).anySatisfy(x -> {
                    assertThat(x.name()).isEqualTo("stack");
                    assertThat(x.value()).isEqualTo("prod");
                }).anySatisfy(x -> assertThat(x.name()).isEqualTo("ecs.os-type"));
                assertNoRegistrationSecrets(socket.toString());
                assertNoRegistrationSecrets(tls.toString());

                String missing = "0123456789abcdef0123456789abcdef";
                DescribeContainerInstancesResponse described = ecs.describeContainerInstances(d -> d.cluster(cluster)
                        .containerInstances(a, b, missing).include(ContainerInstanceField.TAGS,
                                ContainerInstanceField.CONTAINER_INSTANCE_HEALTH));
                assertThat(described.containerInstances()).extracting(ContainerInstance::containerInstanceArn)
                        .containsExactly(a, b);
                assertThat(socket.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("core"));
                assertThat(described.containerInstances().getFirst().tags()).singleElement()
                        .satisfies(t -> assertThat(t.key()).isEqualTo("team"));
                assertThat(described.containerInstances().get(1).tags()).isEmpty();
                assertThat(described.containerInstances()).allSatisfy(i -> {
                    assertThat(i.hasTags()).isTrue();
                    assertThat(i.healthStatus().overallStatusAsString()).isEqualTo("OK");
                    assertThat(i.healthStatus().details()).singleElement()
                            .satisfies(d -> assertThat(d.typeAsString()).isEqualTo("CONTAINER_RUNTIME"));
                });
                assertThat(described.failures()).singleElement().satisfies(f -> {
                    assertThat(f.arn()).isEqualTo(arnPrefix + missing);
                    assertThat(f.reason()).isEqualTo("MISSING");
                });
                assertNoRegistrationSecrets(described.toString());
                ContainerInstance plain = ecs.describeContainerInstances(d -> d.cluster(cluster).containerInstances(b))
                        .containerInstances().getFirst();
                assertThat(plain.hasTags()).as("tags only with include TAGS").isFalse();
                assertThat(plain.healthStatus()).isNull();
                HttpResponse<String> raw = EcsClients.signed(port, PREFIX + "DescribeContainerInstances",
                        "{\"cluster\": \"" + cluster + "\", \"containerInstances\": [\"" + b + "\"]}");
                assertThat(raw.statusCode()).isEqualTo(200);
                assertThat(raw.body()).doesNotContain("ec2InstanceId", "dockerEndpoint", "\"tls\"");
                assertNoRegistrationSecrets(raw.body());

                ListContainerInstancesResponse zoneA = ecs.listContainerInstances(l -> l.cluster(cluster)
                        .filter("attribute:ecs.availability-zone == zone-a"));
                assertThat(zoneA.containerInstanceArns()).containsExactly(a);
                List<String> paged = new ArrayList<>();
                int pages = 0;
                for (ListContainerInstancesResponse page : ecs.listContainerInstancesPaginator(
                        l -> l.cluster(cluster).maxResults(1))) {
                    pages++;
                    assertThat(page.containerInstanceArns()).hasSizeLessThanOrEqualTo(1);
                    paged.addAll(page.containerInstanceArns());
                }
                assertThat(paged).containsExactlyInAnyOrder(a, b);
                assertThat(pages).isGreaterThanOrEqualTo(2);

                UpdateContainerInstancesStateResponse drained = ecs.updateContainerInstancesState(u -> u
                        .cluster(cluster).containerInstances(a, missing).status(ContainerInstanceStatus.DRAINING));
                assertThat(drained.containerInstances()).singleElement()
                        .satisfies(i -> assertThat(i.status()).isEqualTo("DRAINING"));
                assertThat(drained.failures()).singleElement()
                        .satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
                assertThat(ecs.listContainerInstances(l -> l.cluster(cluster).status(ContainerInstanceStatus.DRAINING))
                        .containerInstanceArns()).containsExactly(a);
                assertThat(ecs.describeContainerInstances(d -> d.cluster(cluster).containerInstances(a))
                        .containerInstances().getFirst().status()).isEqualTo("DRAINING");
                ecs.updateContainerInstancesState(u -> u.cluster(cluster).containerInstances(a)
                        .status(ContainerInstanceStatus.ACTIVE));
                assertThat(ecs.listContainerInstances(l -> l.cluster(cluster).status(ContainerInstanceStatus.DRAINING))
                        .containerInstanceArns()).isEmpty();

                String aId = a.substring(a.lastIndexOf('/') + 1);
                List<Attribute> put = ecs.putAttributes(p -> p.cluster(cluster).attributes(
                        targeted("team", "core", aId), targeted("role", "edge", b))).attributes();
                assertThat(put).extracting(Attribute::targetId).containsExactly(a, b);
                assertThat(put).extracting(Attribute::targetTypeAsString).containsOnly("container-instance");
                assertThat(ecs.listAttributes(l -> l.cluster(cluster).targetType(TargetType.CONTAINER_INSTANCE)
                        .attributeName("team").attributeValue("core")).attributes()).singleElement().satisfies(x -> {
                            assertThat(x.targetId()).isEqualTo(a);
                            assertThat(x.value()).isEqualTo("core");
                        });
                assertThat(ecs.listAttributes(l -> l.cluster(cluster).targetType(TargetType.CONTAINER_INSTANCE)
                        .attributeName("team").attributeValue("other")).attributes()).isEmpty();
                List<Attribute> all = new ArrayList<>();
                int attributePages = 0;
                for (ListAttributesResponse page : ecs.listAttributesPaginator(l -> l.cluster(cluster)
                        .targetType(TargetType.CONTAINER_INSTANCE).maxResults(1))) {
                    attributePages++;
                    assertThat(page.attributes()).hasSizeLessThanOrEqualTo(1);
                    all.addAll(page.attributes());
                }
                assertThat(attributePages).isGreaterThanOrEqualTo(all.size());
                assertThat(all).extracting(Attribute::name).contains("team", "role", "stack", "ecs.os-type")
                        .noneMatch(name -> name.startsWith("gantry.tls") || name.equals("gantry.docker-endpoint"));
                assertThat(all.stream().filter(x -> x.name().equals("ecs.availability-zone")).map(Attribute::targetId))
                        .containsExactlyInAnyOrder(a, b);
                assertNoRegistrationSecrets(all.toString());

                assertThatThrownBy(() -> ecs.putAttributes(p -> p.cluster(cluster).attributes(
                        java.util.stream.IntStream.range(0, 9).mapToObj(n -> targeted("extra" + n, "x", a)).toList())))
                        .as("stack, team and nine more make 11 custom attributes")
                        .isInstanceOf(AttributeLimitExceededException.class);
                assertThat(ecs.describeContainerInstances(d -> d.cluster(cluster).containerInstances(a))
                        .containerInstances().getFirst().attributes()).extracting(Attribute::name)
                        .as("refused whole").doesNotContain("extra0");
                assertThatThrownBy(() -> ecs.putAttributes(p -> p.cluster(cluster).attributes(
                        targeted("ok", "x", a), targeted("gone", "x", missing))))
                        .isInstanceOf(TargetNotFoundException.class).hasMessageContaining(missing);
                assertThat(ecs.listAttributes(l -> l.cluster(cluster).targetType(TargetType.CONTAINER_INSTANCE)
                        .attributeName("ok")).attributes()).as("a batch with an unknown target changes nothing").isEmpty();

                List<Attribute> deleted = ecs.deleteAttributes(d -> d.cluster(cluster)
                        .attributes(targeted("team", null, a))).attributes();
                assertThat(deleted).singleElement().satisfies(x -> assertThat(x.targetId()).isEqualTo(a));
                assertThat(ecs.listAttributes(l -> l.cluster(cluster).targetType(TargetType.CONTAINER_INSTANCE)
                        .attributeName("team")).attributes()).isEmpty();

                ContainerInstance gone = ecs.deregisterContainerInstance(d -> d.cluster(cluster).containerInstance(a))
                        .containerInstance();
                assertThat(gone.status()).isEqualTo("INACTIVE");
                assertNoRegistrationSecrets(gone.toString());
                registered.remove(a);
                assertThat(ecs.describeContainerInstances(d -> d.cluster(cluster).containerInstances(a))
                        .containerInstances().getFirst().status()).isEqualTo("INACTIVE");
                assertThat(ecs.listContainerInstances(l -> l.cluster(cluster)).containerInstanceArns())
                        .containsExactly(b);
                UpdateContainerInstancesStateResponse inactive = ecs.updateContainerInstancesState(u -> u
                        .cluster(cluster).containerInstances(a).status(ContainerInstanceStatus.DRAINING));
                assertThat(inactive.containerInstances()).isEmpty();
                assertThat(inactive.failures()).singleElement()
                        .satisfies(f -> assertThat(f.reason()).isEqualTo("INACTIVE"));
            } finally {
                for (String arn : registered) {
                    ecs.deregisterContainerInstance(d -> d.cluster(cluster).containerInstance(arn).force(true));
                }
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM container_instance WHERE attributes::text LIKE '%PRIVATE KEY%' "
                + "OR attributes::text LIKE '%gantry.tls%' OR attributes::text LIKE '%gantry.docker-endpoint%'")
                .query(Long.class).single()).as("registration attributes are not stored as attributes").isZero();
    }

    @Test
    void refusalsAreTheSdksExceptionsNamingTheMember() {
        String cluster = "ecs-inst-" + UUID.randomUUID().toString().substring(0, 8);
        try (EcsClient ecs = EcsClients.of(port)) {
            assertThatThrownBy(() -> ecs.describeContainerInstances(d -> d.cluster("ecs-inst-none")
                    .containerInstances("0123456789abcdef0123456789abcdef")))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.listContainerInstances(l -> l.cluster("ecs-inst-none")))
                    .isInstanceOf(ClusterNotFoundException.class);
            ecs.createCluster(b -> b.clusterName(cluster));
            assertThatThrownBy(() -> ecs.listContainerInstances(l -> l.cluster(cluster)
                    .filter("attribute:ecs.availability-zone == ")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("filter");
            assertThatThrownBy(() -> ecs.putAttributes(p -> p.cluster(cluster).attributes(
                    java.util.stream.IntStream.range(0, 11).mapToObj(n -> targeted("a" + n, "x",
                            "0123456789abcdef0123456789abcdef")).toList())))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("attributes")
                    .hasMessageContaining("10");
            assertThatThrownBy(() -> ecs.putAttributes(p -> p.cluster(cluster).attributes(
                    targeted("a", "x", "0123456789abcdef0123456789abcdef"))))
                    .isInstanceOf(TargetNotFoundException.class);
            assertThatThrownBy(() -> ecs.putAttributes(p -> p.cluster(cluster).attributes(
                    targeted("bad name!", "x", "0123456789abcdef0123456789abcdef"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("attributes[0].name");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster)
                    .attributes(attribute("stack", "prod"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("gantry.docker-endpoint");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster)
                    .attributes(attribute("gantry.docker-endpoint", "http://10.213.0.11:2375"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("gantry.docker-endpoint");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster).attributes(
                    attribute("gantry.docker-endpoint", RigHosts.tlsTcp()),
                    attribute("gantry.tls.client-key", RigHosts.tlsFile("key.pem")))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("gantry.tls.ca-certificate")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PRIVATE KEY"));
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster)
                    .attributes(attribute("gantry.docker-endpoint", "tcp://127.0.0.1:1"))))
                    .isInstanceOf(ClientException.class).hasMessageContaining("cannot be reached");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster)
                    .instanceIdentityDocument("{}").attributes(attribute("gantry.docker-endpoint", "tcp://x:1"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("instanceIdentityDocument");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster(cluster)
                    .totalResources(t -> t.name("CPU").type("INTEGER").integerValue(2048))
                    .attributes(attribute("gantry.docker-endpoint", RigHosts.unixSocket(1)))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("totalResources");
            assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster("ecs-inst-none")
                    .attributes(attribute("gantry.docker-endpoint", RigHosts.unixSocket(1)))))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.updateContainerInstancesState(u -> u.cluster(cluster)
                    .containerInstances("0123456789abcdef0123456789abcdef").status("REGISTERING")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("status");
            assertThatThrownBy(() -> ecs.describeContainerInstances(d -> d.cluster(cluster)
                    .containerInstances("0123456789abcdef0123456789abcdef").includeWithStrings("EVERYTHING")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("include");
            assertThat(ecs.listContainerInstances(l -> l.cluster(cluster)).containerInstanceArns()).isEmpty();
        }
    }

    private static void assertNoRegistrationSecrets(String text) {
        assertThat(text).doesNotContain("PRIVATE KEY", "BEGIN CERTIFICATE", RigHosts.tlsTcp(), "docker.sock",
                "gantry.tls", "gantry.docker-endpoint");
    }

    private static Attribute attribute(String name, String value) {
        return Attribute.builder().name(name).value(value).build();
    }

    private static Attribute targeted(String name, String value, String target) {
        return Attribute.builder().name(name).value(value).targetType(TargetType.CONTAINER_INSTANCE).targetId(target)
                .build();
    }
}
