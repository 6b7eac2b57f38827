package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.shared.ClusterId;
import dev.gantry.shared.DeploymentId;
import dev.gantry.shared.Ids;
import dev.gantry.shared.InstanceId;
import dev.gantry.shared.Randomness;
import dev.gantry.shared.ServiceId;
import dev.gantry.shared.TaskDefinitionId;
import dev.gantry.task.internal.LaunchPlanReader;
import dev.gantry.taskdef.TaskDefinition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** One factory for new tasks: what a task reserves and carries does not depend on who placed it. */
class NewTasksTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private static final LaunchPlan PLAN = LaunchPlanReader.read(JSON.readValue("""
            {"family": "web", "revision": 2, "networkMode": "bridge", "containerDefinitions": [
              {"name": "app", "image": "img:1", "cpu": 256, "memoryReservation": 64,
               "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp"},
                                {"containerPort": 53, "hostPort": 5353, "protocol": "udp"}]},
              {"name": "side", "image": "img:2", "memory": 32, "essential": false}]}""", TaskDefinition.class), null);

    private static final InstanceId HOST = new InstanceId(Randomness.unpredictable().newId());
    private final Randomness ids = Randomness.unpredictable();

    @Test
    void apiAndServiceTasksReserveTheSameFromTheSamePlan() {
        TaskRepository.NewTask api = NewTasks.create(ids, new ClusterId(1), new TaskDefinitionId(9), PLAN, HOST,
                NewTasks.Origin.api("family:web", "me", "{}", "token"));
        TaskRepository.NewTask service = NewTasks.create(ids, new ClusterId(1), new TaskDefinitionId(9), PLAN, HOST,
                NewTasks.Origin.service(new ServiceId(4), "web", new DeploymentId("ecs-svc/1"), 3));
        for (TaskRepository.NewTask t : java.util.List.of(api, service)) {
            assertThat(t.cpu()).isEqualTo(256);
            assertThat(t.memory()).isEqualTo(64 + 32);
            assertThat(t.tcpPorts()).containsExactly(8080);
            assertThat(t.udpPorts()).containsExactly(5353);
            assertThat(t.containers()).extracting(TaskRepository.NewContainer::name).containsExactly("app", "side");
            assertThat(t.containers()).extracting(TaskRepository.NewContainer::essential).containsExactly(true, false);
            assertThat(Ids.isId(t.id().value())).isTrue();
            assertThat(t.containerInstanceId()).isEqualTo(HOST);
        }
        assertThat(api.id()).isNotEqualTo(service.id());
        assertThat(api.containers().getFirst().containerId()).isNotEqualTo(service.containers().getFirst().containerId());
    }

    @Test
    void theOriginSaysWhoAskedAndUnderWhichEpoch() {
        TaskRepository.NewTask api = NewTasks.create(ids, new ClusterId(1), new TaskDefinitionId(9), PLAN, HOST,
                NewTasks.Origin.api("family:web", "me", null, "token"));
        assertThat(api.serviceId()).isNull();
        assertThat(api.deploymentId()).isNull();
        assertThat(api.launchEpoch()).as("RunTask is not a lease holder's decision").isNull();
        assertThat(api.overridesJson()).isEqualTo("{}");
        assertThat(api.clientToken()).isEqualTo("token");

        TaskRepository.NewTask service = NewTasks.create(ids, new ClusterId(1), new TaskDefinitionId(9), PLAN, HOST,
                NewTasks.Origin.service(new ServiceId(4), "web", new DeploymentId("ecs-svc/1"), 3));
        assertThat(service.serviceId()).isEqualTo(new ServiceId(4));
        assertThat(service.group()).isEqualTo("service:web");
        assertThat(service.startedBy()).isEqualTo("ecs-svc/1");
        assertThat(service.launchEpoch()).isEqualTo(3L);
        assertThat(service.clientToken()).isNull();
    }

    @Test
    void idsComeFromTheRandomnessGiven() {
        TaskRepository.NewTask first = NewTasks.create(Randomness.seeded(42), new ClusterId(1), new TaskDefinitionId(9),
                PLAN, HOST, NewTasks.Origin.api("family:web", "me", null, null));
        TaskRepository.NewTask again = NewTasks.create(Randomness.seeded(42), new ClusterId(1), new TaskDefinitionId(9),
                PLAN, HOST, NewTasks.Origin.api("family:web", "me", null, null));
        TaskRepository.NewTask other = NewTasks.create(Randomness.seeded(43), new ClusterId(1), new TaskDefinitionId(9),
                PLAN, HOST, NewTasks.Origin.api("family:web", "me", null, null));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.containers()).extracting(TaskRepository.NewContainer::containerId)
                .isEqualTo(first.containers().stream().map(TaskRepository.NewContainer::containerId).toList());
        assertThat(other.id()).isNotEqualTo(first.id());
    }
}
