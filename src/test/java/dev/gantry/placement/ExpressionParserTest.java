package dev.gantry.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cluster query language grammar: what parses, and where and why the rest fails. */
class ExpressionParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d",
            "not(task:group == database)",
            "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
            "agentVersion < 1.14.5",
            "registeredAt >= 2018-06-18T22:28:28+00:00",
            "attribute:color exists",
            "attribute:color !exists || attribute:color not_exists",
            "(attribute:a == 1 or attribute:b == 2) and not attribute:c == 3",
            "!(attribute:a equals x) && attribute:b not_equals \"y z\"",
            "runningTasksCount less_than_equal 3 AND agentConnected == true",
            "attribute:a !in [x, y] or attribute:a not_in [z]",
            "attribute:a matches '^(m5|c5)\\..*$' and attribute:b not_matches x.*",
            "attribute:a==b"})
    void acceptsTheLanguageOfTheGuide(String text) {
        assertThat(ConstraintExpression.parse(text).text()).isEqualTo(text);
    }

    record Malformed(String text, int position, String expectedContains) {
    }

    static Stream<Malformed> malformed() {
        return Stream.of(
                new Malformed("", 0, "a subject"),
                new Malformed("color == red", 0, "a subject"),
                new Malformed("attribute: == red", 0, "a subject"),
                new Malformed("attribute:color", 15, "an operator"),
                new Malformed("attribute:color ~= red", 16, "an operator"),
                new Malformed("attribute:color ==", 18, "a value"),
                new Malformed("attribute:color == red blue", 23, "'and', 'or' or end"),
                new Malformed("(attribute:color == red", 23, "')'"),
                new Malformed("attribute:color == red)", 22, "'and', 'or' or end"),
                new Malformed("attribute:color in [a, b", 24, "',' or ']'"),
                new Malformed("attribute:color in [a,, b]", 22, "a value"),
                new Malformed("attribute:color == 'red", 23, "closing '"),
                new Malformed("attribute:color =~ '[a-'", 19, "a valid regular expression"),
                new Malformed("attribute:color =~ [a-", 19, "a value"),
                new Malformed("agentVersion exists", 13, "an operator allowed on this subject"),
                new Malformed("ec2InstanceId > i-1", 14, "an operator allowed on this subject"),
                new Malformed("attribute:a == b and", 20, "a subject"),
                new Malformed("attribute:a = b", 12, "an operator"),
                new Malformed("not", 3, "a subject"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingPositionAndExpectedToken(Malformed m) {
        assertThatThrownBy(() -> ConstraintExpression.parse(m.text()))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(m.position());
                    assertThat(e.expected()).contains(m.expectedContains());
                    assertThat(e.getMessage()).contains("position " + m.position());
                });
    }
}
