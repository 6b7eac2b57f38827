package dev.gantry.service;

import dev.gantry.shared.TaskId;

import dev.gantry.shared.InstanceId;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.Failure;
import dev.gantry.placement.Reasons;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sentence and reason the service scheduler writes, pinned to ECS's wording where ECS has one (the examples
 * of ECS's service event messages, stopped reasons and rollout state reasons, with the task and deployment ids
 * written out in full where ECS's examples abbreviate them), and to Gantry's own wording for the rest.
 */
class ServiceEventsTest {

    static final String A = "908525d4b3c14d0c9d1e0f5a6b7c8d9e";
    static final String B = "f563c7a3a1b24c3d8e9f0a1b2c3d4e5f";
    static final String INSTANCE = "3e1f2c4d5b6a47980a1b2c3d4e5f6071";
    static final String INSTANCE_ARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/" + INSTANCE;
    static final String DEPLOYMENT = "ecs-svc/1234567890123456789";
    static final String OLD_DEPLOYMENT = "ecs-svc/8646900195280463695";

    record Case(String name, ServiceEvents.Sentence sentence, String message, String taskId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> sentences() {
        String place = "(service X) was unable to place a task because no container instance met all of its requirements. ";
        String closest = place + "The closest matching (container-instance " + INSTANCE + ") ";
        return Stream.of(
                // ECS's own events
                new Case("started two", ServiceEvents.started(List.of(A, B)),
                        "(service X) has started 2 tasks: (task " + A + ") (task " + B + ").", null),
                new Case("started one: still 'tasks', and the task is the event's", ServiceEvents.started(List.of(A)),
                        "(service X) has started 1 tasks: (task " + A + ").", A),
                new Case("stopped one", ServiceEvents.stopped(List.of(A)),
                        "(service X) has stopped 1 running tasks: (task " + A + ").", A),
                new Case("stopped two", ServiceEvents.stopped(List.of(A, B)),
                        "(service X) has stopped 2 running tasks: (task " + A + ") (task " + B + ").", null),
                new Case("steady state", ServiceEvents.steadyState(), "(service X) has reached a steady state.", null),
                new Case("deployment completed", ServiceEvents.deploymentCompleted(DEPLOYMENT),
                        "(service X) (deployment " + DEPLOYMENT + ") deployment completed.", null),
                new Case("deployment failed (circuit breaker)", ServiceEvents.deploymentFailed(DEPLOYMENT),
                        "(service X) (deployment " + DEPLOYMENT + ") deployment failed: tasks failed to start.", null),
                new Case("throttled launches", ServiceEvents.unableToStartConsistently(),
                        "(service X) is unable to consistently start tasks successfully.", null),
                new Case("deployment configuration deadlock", ServiceEvents.deploymentConfigurationDeadlock(),
                        "(service X) was unable to stop or start tasks during a deployment because of the service deployment "
                                + "configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", null),
                new Case("unplaced: memory", ServiceEvents.unableToPlace(new Failure(0, Reasons.MEMORY, INSTANCE_ARN)),
                        closest + "has insufficient memory available.", null),
                new Case("unplaced: CPU", ServiceEvents.unableToPlace(new Failure(0, Reasons.CPU, INSTANCE_ARN)),
                        closest + "has insufficient CPU units available.", null),
                new Case("unplaced: ports", ServiceEvents.unableToPlace(new Failure(0, Reasons.PORTS, INSTANCE_ARN)),
                        closest + "is already using a port required by your task.", null),
                new Case("unplaced: agent", ServiceEvents.unableToPlace(new Failure(0, Reasons.AGENT, INSTANCE_ARN)),
                        closest + "encountered error \"AGENT\".", null),
                new Case("unplaced: no instances", ServiceEvents.unableToPlace(new Failure(0, Reasons.NO_INSTANCES, null)),
                        place + "No Container Instances were found in your cluster.", null),
                new Case("unplaced: no closest instance", ServiceEvents.unableToPlace(new Failure(0, Reasons.MEMORY, null)),
                        place + "No Container Instances were found in your cluster.", null),
                // Gantry's own, in the same form
                new Case("unplaced: attribute", ServiceEvents.unableToPlace(new Failure(0, Reasons.ATTRIBUTE, INSTANCE_ARN)),
                        closest + "is missing an attribute required by your task.", null),
                new Case("unplaced: distinctInstance", ServiceEvents.unableToPlace(new Failure(0, Reasons.DISTINCT_INSTANCE, INSTANCE_ARN)),
                        closest + "does not meet the placement constraints.", null),
                new Case("unplaced: memberOf", ServiceEvents.unableToPlace(new Failure(0, Reasons.MEMBER_OF, INSTANCE_ARN)),
                        closest + "does not meet the placement constraints.", null),
                new Case("unplaced: maxPerInstance", ServiceEvents.unableToPlace(new Failure(0, Reasons.MAX_PER_INSTANCE, INSTANCE_ARN)),
                        closest + "does not meet the placement constraints.", null),
                new Case("unplaced: any other code", ServiceEvents.unableToPlace(new Failure(0, Reasons.MISSING, INSTANCE_ARN)),
                        closest + "encountered error \"MISSING\".", null),
                new Case("rolling back", ServiceEvents.rollingBack(DEPLOYMENT, OLD_DEPLOYMENT),
                        "(service X) (deployment " + DEPLOYMENT + ") rolling back to deployment " + OLD_DEPLOYMENT + ".", null),
                new Case("rebalancing", ServiceEvents.rebalancing(new TaskId(A), new InstanceId(INSTANCE), new InstanceId("aaaa")),
                        "(service X) is rebalancing: started (task " + A + ") on (container-instance " + INSTANCE
                                + ") to move a task away from (container-instance aaaa).", A),
                new Case("deleted", ServiceEvents.deleted(), "(service X) has been deleted.", null),
                new Case("unknown task's container", ServiceEvents.unknownTaskContainer("ecs-web-1-abc", new TaskId(A), new InstanceId(INSTANCE),
                        Instant.parse("2026-12-02T05:00:00Z")),
                        "(service X) found container ecs-web-1-abc of unknown task (task " + A + ") on container instance "
                                + INSTANCE + "; it will be removed at 2026-12-02T05:00:00Z unless its task appears.", A),
                new Case("evictions suspended", ServiceEvents.evictionsSuspended("3 of 4 instances unreachable"),
                        "(service X) is not replacing tasks of unreachable container instances: 3 of 4 instances unreachable. "
                                + "Evictions resume when enough instances answer again.", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentences")
    void everySentenceIsWordedAsPinned(Case c) {
        assertThat(ServiceEvents.message("X", c.sentence())).isEqualTo(c.message());
        assertThat(c.sentence().taskId()).as("the one task the event is about").isEqualTo(c.taskId());
    }

    @Test
    void stoppedAndRolloutReasonsAreEcsWords() {
        assertThat(ServiceEvents.scalingActivity(OLD_DEPLOYMENT))
                .isEqualTo("Scaling activity initiated by (deployment ecs-svc/8646900195280463695)");
        assertThat(ServiceEvents.FAILED_HEALTH_CHECKS).isEqualTo("Task failed container health checks");
        assertThat(ServiceEvents.rolloutInProgress(DEPLOYMENT)).isEqualTo("ECS deployment " + DEPLOYMENT + " in progress.");
        assertThat(ServiceEvents.rolloutCompleted(DEPLOYMENT)).isEqualTo("ECS deployment " + DEPLOYMENT + " completed.");
        assertThat(ServiceEvents.ROLLOUT_FAILED_BY_CIRCUIT_BREAKER).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    }

    /** Only the factories word an event: a caller outside the service module cannot make a Sentence of its own. */
    @Test
    void noOneButTheFactoriesMakesASentence() {
        assertThat(Arrays.stream(ServiceEvents.Sentence.class.getDeclaredConstructors()))
                .isNotEmpty().allMatch(constructor -> Modifier.isPrivate(constructor.getModifiers()));
        assertThat(Modifier.isFinal(ServiceEvents.Sentence.class.getModifiers())).isTrue();
    }
}
