package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.SchemaDatabase;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.shared.ClusterId;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.shared.TaskId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the task repository writes it reads back unchanged, on a real PostgreSQL with Gantry's schema: every column a
 * new task is given (ports as arrays, overrides as jsonb, the launch epoch, nullable service fields) and every
 * container row with it, through {@code find}, {@code findAll} and the batched {@code insertAll}.
 */
class TaskRepositoryRoundTripIT {

    private static SchemaDatabase db;
    private static TaskRepository tasks;

    @BeforeAll
    static void database() {
        db = SchemaDatabase.start(ContainerInstanceRepository.class, TaskRepository.class);
        tasks = db.bean(TaskRepository.class);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    /** As the launch paths make them (a UUID in its 36-character form: the column is char(36)). */
    private static String containerId() {
        return UUID.randomUUID().toString();
    }

    private static TaskRepository.NewTask newTask(long cluster, String host, long taskDefinition, Long epoch) {
        return new TaskRepository.NewTask(new TaskId(SchemaDatabase.newId()), new ClusterId(cluster), new InstanceId(host),
                new TaskDefinitionId(taskDefinition), null, null,
                "family:web", "ci-run-17", 256, 512, List.of(8080, 8443), List.of(53), "{\"containerOverrides\":[]}",
                "token-" + SchemaDatabase.newId().substring(0, 8), "fingerprint-1",
                List.of(new TaskRepository.NewContainer("web", containerId(), "gantry-test/busybox:1", true, 200, 384,
                                null),
                        new TaskRepository.NewContainer("sidecar", containerId(), "gantry-test/busybox:2", false, 56,
                                null, 64)),
                epoch);
    }

    private static void assertSameAsWritten(Task read, TaskRepository.NewTask written) {
        assertThat(read.id()).isEqualTo(written.id());
        assertThat(read.clusterId()).isEqualTo(written.clusterId());
        assertThat(read.containerInstanceId()).isEqualTo(written.containerInstanceId());
        assertThat(read.taskDefinitionId()).isEqualTo(written.taskDefinitionId());
        assertThat(read.serviceId()).isNull();
        assertThat(read.deploymentId()).isNull();
        assertThat(read.group()).isEqualTo(written.group());
        assertThat(read.startedBy()).isEqualTo(written.startedBy());
        assertThat(read.cpu()).isEqualTo(written.cpu());
        assertThat(read.memory()).isEqualTo(written.memory());
        assertThat(read.tcpPorts()).containsExactlyElementsOf(written.tcpPorts());
        assertThat(read.udpPorts()).containsExactlyElementsOf(written.udpPorts());
        assertThat(db.jdbc().sql("SELECT overrides = CAST(:o AS jsonb) FROM task WHERE id = :id")
                .param("o", written.overridesJson()).param("id", written.id().value()).query(Boolean.class).single())
                .as("overrides stored as the same JSON").isTrue();
        assertThat(read.clientToken()).isEqualTo(written.clientToken());
        assertThat(read.launchEpoch()).isEqualTo(written.launchEpoch());
        assertThat(read.createdAt()).isNotNull();
        assertThat(read.stoppedAt()).isNull();
        assertThat(read.containers()).hasSameSizeAs(written.containers());
        for (TaskRepository.NewContainer c : written.containers()) {
            assertThat(read.containers()).filteredOn(rc -> rc.name().equals(c.name())).singleElement().satisfies(rc -> {
                assertThat(rc.taskId()).isEqualTo(written.id());
                assertThat(rc.containerId()).isEqualTo(c.containerId());
                assertThat(rc.image()).isEqualTo(c.image());
                assertThat(rc.essential()).isEqualTo(c.essential());
                assertThat(rc.cpu()).isEqualTo(c.cpu());
                assertThat(rc.memory()).isEqualTo(c.memory());
                assertThat(rc.memoryReservation()).isEqualTo(c.memoryReservation());
                assertThat(rc.runtimeId()).as("no container created yet").isNull();
            });
        }
    }

    @Test
    void aTaskAndItsContainersReadBackAsWritten() {
        long cluster = db.cluster();
        TaskRepository.NewTask written = newTask(cluster, db.host(cluster, 1024, 1024), db.taskDefinition(), 42L);
        tasks.insert(written);

        Task read = tasks.find(written.id()).orElseThrow();
        assertSameAsWritten(read, written);
        assertThat(tasks.find(new ClusterId(cluster), written.id())).isPresent();
        assertThat(tasks.find(new ClusterId(cluster + 1_000_000), written.id())).as("another cluster's lookup").isEmpty();
    }

    @Test
    void aRunTaskWithoutAnEpochOrPortsReadsBackWithNone() {
        long cluster = db.cluster();
        TaskRepository.NewTask written = new TaskRepository.NewTask(new TaskId(SchemaDatabase.newId()),
                new ClusterId(cluster), new InstanceId(db.host(cluster, 1024, 1024)), new TaskDefinitionId(db.taskDefinition()),
                null, null, "family:batch", null, 10, 20, List.of(), List.of(), "{}", null, null,
                List.of(new TaskRepository.NewContainer("only", containerId(), "gantry-test/busybox:1", true, 10,
                        20, null)), null);
        tasks.insert(written);

        Task read = tasks.find(written.id()).orElseThrow();
        assertSameAsWritten(read, written);
        assertThat(read.launchEpoch()).isNull();
        assertThat(read.startedBy()).isNull();
        assertThat(read.clientToken()).isNull();
    }

    @Test
    void aBatchReadsBackWhole() {
        long cluster = db.cluster();
        String host = db.host(cluster, 100_000, 100_000);
        long definition = db.taskDefinition();
        List<TaskRepository.NewTask> batch = List.of(newTask(cluster, host, definition, 1L),
                newTask(cluster, host, definition, 1L), newTask(cluster, host, definition, 2L));
        tasks.insertAll(batch);

        List<Task> read = tasks.findAll(batch.stream().map(TaskRepository.NewTask::id).toList());
        assertThat(read).hasSize(batch.size());
        for (TaskRepository.NewTask written : batch) {
            assertSameAsWritten(read.stream().filter(t -> t.id().equals(written.id())).findFirst().orElseThrow(), written);
        }
    }
}
