package dev.gantry.instance;

import dev.gantry.shared.InstanceId;
import dev.gantry.shared.ClusterId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.SchemaDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the container-instance repository writes it reads back unchanged, on a real PostgreSQL with Gantry's schema:
 * a registration (endpoint, TLS material, engine identity, capacity, reserved ports, attributes), usage written under
 * the rows' locks, and the version the conditional updates guard with.
 */
class ContainerInstanceRepositoryRoundTripIT {

    private static SchemaDatabase db;
    private static ContainerInstanceRepository instances;

    @BeforeAll
    static void database() {
        db = SchemaDatabase.start(ContainerInstanceRepository.class);
        instances = db.bean(ContainerInstanceRepository.class);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static ContainerInstanceRepository.NewInstance registration(long cluster, String caPem) {
        String id = SchemaDatabase.newId();
        return new ContainerInstanceRepository.NewInstance(id, cluster, "tcp://10.213.0.12:2376", caPem,
                caPem == null ? null : "cert", caPem == null ? null : "sealed-key", "engine-" + id, "host-b", "20.10.24",
                2048, 4096, List.of(22, 2375), List.of(53), Map.of("zone", "zone-b", "disk", "ssd"));
    }

    @Test
    void aRegistrationReadsBackAsWritten() {
        long cluster = db.cluster();
        ContainerInstanceRepository.NewInstance written = registration(cluster, "ca");
        instances.insert(written);

        ContainerInstance read = instances.find(new ClusterId(cluster), new InstanceId(written.id())).orElseThrow();
        assertThat(read.id()).isEqualTo(written.id());
        assertThat(read.clusterId()).isEqualTo(cluster);
        assertThat(read.dockerEndpoint()).isEqualTo(written.dockerEndpoint());
        assertThat(read.tls()).isTrue();
        assertThat(read.engineId()).isEqualTo(written.engineId());
        assertThat(read.engineName()).isEqualTo(written.engineName());
        assertThat(read.dockerVersion()).isEqualTo(written.dockerVersion());
        assertThat(read.status()).isEqualTo(ContainerInstance.Status.ACTIVE);
        assertThat(read.agentConnected()).isTrue();
        assertThat(read.registeredCpu()).isEqualTo(2048);
        assertThat(read.registeredMemory()).isEqualTo(4096);
        assertThat(read.remainingCpu()).isEqualTo(2048);
        assertThat(read.remainingMemory()).isEqualTo(4096);
        assertThat(read.reservedTcpPorts()).containsExactly(22, 2375);
        assertThat(read.reservedUdpPorts()).containsExactly(53);
        assertThat(read.usedTcpPorts()).as("reserved ports count as used").containsExactly(22, 2375);
        assertThat(read.attributes()).isEqualTo(written.attributes());
        assertThat(read.registeredAt()).isNotNull();
        assertThat(instances.findById(written.id())).contains(read);
        assertThat(instances.endpoint(written.id())).hasValueSatisfying(e -> {
            assertThat(e.uri()).isEqualTo(written.dockerEndpoint());
            assertThat(e.caPem()).isEqualTo("ca");
            assertThat(e.certPem()).isEqualTo("cert");
            assertThat(e.sealedKeyPem()).isEqualTo("sealed-key");
        });
        assertThat(instances.findLiveByEngine(written.engineId())).map(ContainerInstance::id).contains(written.id());
    }

    @Test
    void aPlainRegistrationHasNoTlsMaterial() {
        long cluster = db.cluster();
        ContainerInstanceRepository.NewInstance written = registration(cluster, null);
        instances.insert(written);

        assertThat(instances.find(new ClusterId(cluster), new InstanceId(written.id())).orElseThrow().tls()).isFalse();
        assertThat(instances.endpoint(written.id())).hasValueSatisfying(e -> {
            assertThat(e.caPem()).isNull();
            assertThat(e.sealedKeyPem()).isNull();
        });
    }

    @Test
    void usageWrittenUnderTheLocksReadsBackAndTheVersionGuardsStatusChanges() {
        long cluster = db.cluster();
        ContainerInstanceRepository.NewInstance written = registration(cluster, null);
        instances.insert(written);
        db.bean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(tx -> {
            instances.lockAll(List.of(written.id()));
            instances.writeUsage(List.of(new ContainerInstanceRepository.Usage(written.id(), 1000, 3000,
                    List.of(22, 2375, 8080), List.of(53, 5353))));
        });

        ContainerInstance read = instances.find(new ClusterId(cluster), new InstanceId(written.id())).orElseThrow();
        assertThat(read.remainingCpu()).isEqualTo(1000);
        assertThat(read.remainingMemory()).isEqualTo(3000);
        assertThat(read.usedTcpPorts()).containsExactly(22, 2375, 8080);
        assertThat(read.usedUdpPorts()).containsExactly(53, 5353);

        assertThat(instances.updateStatus(new InstanceId(written.id()), read.version(), ContainerInstance.Status.DRAINING, "maintenance"))
                .isTrue();
        assertThat(instances.updateStatus(new InstanceId(written.id()), read.version(), ContainerInstance.Status.ACTIVE, "stale"))
                .as("an update with the old version").isFalse();
        ContainerInstance drained = instances.find(new ClusterId(cluster), new InstanceId(written.id())).orElseThrow();
        assertThat(drained.status()).isEqualTo(ContainerInstance.Status.DRAINING);
        assertThat(drained.statusReason()).isEqualTo("maintenance");
        assertThat(drained.version()).isGreaterThan(read.version());
    }
}
