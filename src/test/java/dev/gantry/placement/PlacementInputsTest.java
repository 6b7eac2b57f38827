package dev.gantry.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Input validation for strategies and constraints, reporting the offending field. */
class PlacementInputsTest {

    record StrategyCase(String type, String field, PlacementStrategy expected) {
    }

    static Stream<StrategyCase> validStrategies() {
        return Stream.of(
                new StrategyCase("random", null, new PlacementStrategy.Random()),
                new StrategyCase("spread", "instanceId", new PlacementStrategy.Spread("instanceId")),
                new StrategyCase("spread", "host", new PlacementStrategy.Spread("instanceId")),
                new StrategyCase("spread", "attribute:ecs.availability-zone", new PlacementStrategy.Spread("attribute:ecs.availability-zone")),
                new StrategyCase("binpack", "cpu", new PlacementStrategy.BinPack(PlacementStrategy.Resource.CPU)),
                new StrategyCase("binpack", "memory", new PlacementStrategy.BinPack(PlacementStrategy.Resource.MEMORY)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validStrategies")
    void acceptsEveryEcsStrategy(StrategyCase c) {
        assertThat(PlacementInputs.strategy(0, c.type(), c.field())).isEqualTo(c.expected());
    }

    record Invalid(String type, String field, String reportedField) {
    }

    static Stream<Invalid> invalidStrategies() {
        return Stream.of(
                new Invalid("roundrobin", null, "placementStrategy[2].type"),
                new Invalid("random", "cpu", "placementStrategy[2].field"),
                new Invalid("spread", null, "placementStrategy[2].field"),
                new Invalid("spread", "zone", "placementStrategy[2].field"),
                new Invalid("spread", "attribute:", "placementStrategy[2].field"),
                new Invalid("binpack", "disk", "placementStrategy[2].field"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidStrategies")
    void rejectsBadStrategiesNamingTheField(Invalid c) {
        assertThatThrownBy(() -> PlacementInputs.strategy(2, c.type(), c.field()))
                .isInstanceOfSatisfying(PlacementInputException.class, e -> assertThat(e.field()).isEqualTo(c.reportedField()));
    }

    static Stream<Invalid> invalidConstraints() {
        return Stream.of(
                new Invalid("sameZone", null, "placementConstraints[1].type"),
                new Invalid("distinctInstance", "x", "placementConstraints[1].expression"),
                new Invalid("memberOf", null, "placementConstraints[1].expression"),
                new Invalid("memberOf", "attribute:a == " + "x".repeat(2000), "placementConstraints[1].expression"),
                new Invalid("maxPerInstance", "0", "placementConstraints[1].expression"),
                new Invalid("maxPerInstance", "two", "placementConstraints[1].expression"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidConstraints")
    void rejectsBadConstraintsNamingTheField(Invalid c) {
        assertThatThrownBy(() -> PlacementInputs.constraint(1, c.type(), c.field(), false))
                .isInstanceOfSatisfying(PlacementInputException.class, e -> assertThat(e.field()).isEqualTo(c.reportedField()));
    }

    @Test
    void acceptsEachConstraintType() {
        assertThat(PlacementInputs.constraint(0, "distinctInstance", null, false)).isEqualTo(new PlacementConstraint.DistinctInstance());
        assertThat(PlacementInputs.constraint(0, "maxPerInstance", " 3 ", false)).isEqualTo(new PlacementConstraint.MaxPerInstance(3));
        assertThat(PlacementInputs.constraint(0, "memberOf", "attribute:a == b", true))
                .isEqualTo(PlacementConstraint.MemberOf.of("attribute:a == b"));
    }

    @Test
    void distinctInstanceIsNotAllowedInATaskDefinition() {
        assertThatThrownBy(() -> PlacementInputs.constraint(0, "distinctInstance", null, true))
                .isInstanceOfSatisfying(PlacementInputException.class, e -> assertThat(e.field()).isEqualTo("placementConstraints[0].type"));
    }

    @Test
    void aMalformedExpressionIsASyntaxError() {
        assertThatThrownBy(() -> PlacementInputs.constraint(0, "memberOf", "attribute:a ==", false))
                .isInstanceOf(ExpressionSyntaxException.class);
    }

    @Test
    void taskDefinitionAndRequestConstraintsTogetherAreLimitedToTen() {
        List<PlacementConstraint> six = Collections.nCopies(6, new PlacementConstraint.DistinctInstance());
        assertThat(PlacementInputs.combine(six.subList(0, 5), six.subList(0, 5))).hasSize(10);
        assertThatThrownBy(() -> PlacementInputs.combine(six, six.subList(0, 5)))
                .isInstanceOfSatisfying(PlacementInputException.class, e -> assertThat(e.field()).isEqualTo("placementConstraints"));
    }

    @Test
    void theEngineRefusesMoreThanFiveStrategies() {
        PlacementRequest request = Requests.task().withStrategies(Collections.nCopies(6, new PlacementStrategy.Random()));
        assertThatThrownBy(() -> new PlacementEngine().place(Hosts.cluster(Hosts.host("a")), request))
                .isInstanceOfSatisfying(PlacementInputException.class, e -> assertThat(e.field()).isEqualTo("placementStrategy"));
    }
}
