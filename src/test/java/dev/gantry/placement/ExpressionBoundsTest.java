package dev.gantry.placement;

import static dev.gantry.placement.Hosts.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cluster query language cannot keep a thread busy: {@code =~} runs in linear time, and the
 * text and its nesting are capped, each with a 400-ready syntax error naming the limit.
 */
class ExpressionBoundsTest {

    /** With java.util.regex this is catastrophic backtracking: 2^20 paths over 40 characters, minutes. */
    @Test
    void aPathologicalPatternAgainstALongValueCompletes() {
        ConstraintExpression expression = ConstraintExpression.parse("attribute:probe =~ '(.*a){20}c'");
        HostView probe = host("i-probe").withAttribute("probe", "a".repeat(40)).build();
        // A hang guard, not a timing target: on the old engine this did not finish in minutes.
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> expression.matches(probe));
        assertThat(matched).isFalse();
        HostView hit = host("i-hit").withAttribute("probe", "a".repeat(20) + "c").build();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), () -> expression.matches(hit))).isTrue();
    }

    @Test
    void backreferencesAreRefusedAsSyntaxErrors() {
        assertThatThrownBy(() -> ConstraintExpression.parse("attribute:a =~ '(a)\\1'"))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class,
                        e -> assertThat(e.expected()).contains("a valid regular expression"));
    }

    @Test
    void nestingUpToTheCapParsesAndOneMoreIsRefused() {
        String atCap = "(".repeat(ExpressionParser.MAX_DEPTH) + "attribute:a == b"
                + ")".repeat(ExpressionParser.MAX_DEPTH);
        assertThat(ConstraintExpression.parse(atCap).matches(host("i-1").withAttribute("a", "b").build())).isTrue();
        String beyond = "(" + atCap + ")";
        assertThatThrownBy(() -> ConstraintExpression.parse(beyond))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(ExpressionParser.MAX_DEPTH);
                    assertThat(e.getMessage()).contains("nest more than " + ExpressionParser.MAX_DEPTH);
                });
    }

    @Test
    void notCountsAsANestingLevel() {
        String nots = "not ".repeat(ExpressionParser.MAX_DEPTH + 1) + "attribute:a == b";
        assertThatThrownBy(() -> ConstraintExpression.parse(nots))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class,
                        e -> assertThat(e.expected()).contains("nested levels"));
        // Deep nesting used to overflow the stack (an Error, a 500) long before any other limit.
        assertThatThrownBy(() -> ConstraintExpression.parse("(".repeat(100_000)))
                .isInstanceOf(ExpressionSyntaxException.class);
    }

    @Test
    void textLongerThanTheCapIsRefusedBeforeParsing() {
        String longest = "attribute:a == " + "b".repeat(ConstraintExpression.MAX_LENGTH - 15);
        assertThat(ConstraintExpression.parse(longest).text()).hasSize(ConstraintExpression.MAX_LENGTH);
        assertThatThrownBy(() -> ConstraintExpression.parse(longest + "b"))
                .isInstanceOfSatisfying(ExpressionSyntaxException.class,
                        e -> assertThat(e.getMessage()).contains("limit is " + ConstraintExpression.MAX_LENGTH));
    }
}
