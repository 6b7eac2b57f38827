package dev.gantry.placement;

import static dev.gantry.placement.Hosts.groupTask;
import static dev.gantry.placement.Hosts.host;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every subject and operator, symbol and word form, evaluated against one known host. */
class ExpressionOperatorTest {
    private static final HostView HOST = host("i-0abc").withAttribute("ecs.instance-type", "t2.micro")
            .withAttribute("ecs.availability-zone", "us-east-1a").withAttribute("rank", "10")
            .withAgentVersion("1.14.5").registeredAt("2018-06-18T22:28:28Z")
            .withTasks(groupTask("t1", "database"), groupTask("t2", "family:web")).build();

    record Case(String expression, boolean matches) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("attribute:ecs.instance-type == t2.micro", true),
                new Case("attribute:ecs.instance-type equals t2.small", false),
                new Case("attribute:ecs.instance-type != t2.small", true),
                new Case("attribute:ecs.instance-type not_equals t2.micro", false),
                new Case("attribute:missing != anything", true),
                new Case("attribute:missing == anything", false),
                new Case("attribute:rank > 9", true),
                new Case("attribute:rank greater_than 10", false),
                new Case("attribute:rank >= 10", true),
                new Case("attribute:rank greater_than_equal 11", false),
                new Case("attribute:rank < 11", true),
                new Case("attribute:rank less_than 10", false),
                new Case("attribute:rank <= 10", true),
                new Case("attribute:rank less_than_equal 9", false),
                new Case("attribute:missing > 1", false),
                new Case("attribute:rank exists", true),
                new Case("attribute:missing exists", false),
                new Case("attribute:missing !exists", true),
                new Case("attribute:rank not_exists", false),
                new Case("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true),
                new Case("attribute:ecs.availability-zone in ['us-east-1c']", false),
                new Case("attribute:ecs.availability-zone !in [us-east-1c]", true),
                new Case("attribute:ecs.availability-zone not_in [us-east-1a]", false),
                new Case("attribute:ecs.instance-type =~ t2.*", true),
                new Case("attribute:ecs.instance-type matches m5.*", false),
                new Case("attribute:ecs.instance-type !~ m5.*", true),
                new Case("attribute:ecs.instance-type not_matches t2.*", false),
                new Case("ec2InstanceId == i-0abc", true),
                new Case("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", false),
                new Case("ec2InstanceId =~ i-0.*", true),
                new Case("agentConnected == true", true),
                new Case("agentConnected != true", false),
                new Case("agentVersion < 1.14.10", true),
                new Case("agentVersion > 1.9", true),
                new Case("agentVersion == 1.14.5", true),
                new Case("agentVersion >= v1.15.0", false),
                new Case("registeredAt > 2018-06-18", true),
                new Case("registeredAt < 2018-06-18T22:28:29+00:00", true),
                new Case("registeredAt == 2018-06-18T22:28:28Z", true),
                new Case("registeredAt <= 2018-06-17T23:59:59", false),
                new Case("runningTasksCount == 2", true),
                new Case("runningTasksCount > 2", false),
                new Case("task:group == database", true),
                new Case("task:group != database", false),
                new Case("task:group in [cache, family:web]", true),
                new Case("task:group =~ data.*", true),
                new Case("task:group not_in [cache]", true),
                new Case("task:group exists", true),
                new Case("not(task:group == database)", false),
                new Case("attribute:rank == 10 and attribute:missing exists", false),
                new Case("attribute:rank == 10 or attribute:missing exists", true),
                new Case("attribute:missing exists or attribute:rank == 1 and attribute:rank == 10", false),
                new Case("(attribute:missing !exists or attribute:rank == 1) and attribute:rank == 10", true),
                new Case("! attribute:rank == 1 && attribute:rank == 10", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatesLikeTheGuideDescribes(Case c) {
        assertThat(ConstraintExpression.parse(c.expression()).matches(HOST)).isEqualTo(c.matches());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void worksAsTheContainerInstanceListFilter(Case c) {
        HostView other = host("i-other").build();
        var filter = ConstraintExpression.parse(c.expression());
        assertThat(Stream.of(HOST, other).filter(filter::matches).toList().contains(HOST)).isEqualTo(c.matches());
    }
}
