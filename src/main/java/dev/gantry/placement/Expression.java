package dev.gantry.placement;

import java.util.List;
import com.google.re2j.Pattern;

/** The parsed form of a cluster query language expression. */
sealed interface Expression {

    boolean matches(HostFacts host);

    /** True when the result can change as tasks are placed (task:group, runningTasksCount). */
    boolean dynamic();

    record And(Expression left, Expression right) implements Expression {
        @Override
        public boolean matches(HostFacts host) {
            return left.matches(host) && right.matches(host);
        }

        @Override
        public boolean dynamic() {
            return left.dynamic() || right.dynamic();
        }
    }

    record Or(Expression left, Expression right) implements Expression {
        @Override
        public boolean matches(HostFacts host) {
            return left.matches(host) || right.matches(host);
        }

        @Override
        public boolean dynamic() {
            return left.dynamic() || right.dynamic();
        }
    }

    record Not(Expression inner) implements Expression {
        @Override
        public boolean matches(HostFacts host) {
            return !inner.matches(host);
        }

        @Override
        public boolean dynamic() {
            return inner.dynamic();
        }
    }

    /**
     * {@code subject operator [arguments]}. Subjects can have no value (a missing attribute) or, for
     * task:group, several: a positive operator holds when some value satisfies it, a negative one
     * ({@code !=}, {@code !exists}, {@code not_in}, {@code !~}) exactly when its positive form does not.
     * So {@code attribute:x != a} holds on an instance without attribute x, and
     * {@code task:group != db} means "no task of group db here".
     */
    record Comparison(Subject subject, Operator operator, List<String> arguments, Pattern pattern)
            implements Expression {

        @Override
        public boolean matches(HostFacts host) {
            List<String> values = subject.values(host);
            if (operator.negates != null) {
                return !anySatisfies(operator.negates, values);
            }
            return anySatisfies(operator, values);
        }

        private boolean anySatisfies(Operator positive, List<String> values) {
            if (positive == Operator.EXISTS) {
                return !values.isEmpty();
            }
            for (String value : values) {
                if (satisfies(positive, value)) {
                    return true;
                }
            }
            return false;
        }

        private boolean satisfies(Operator positive, String value) {
            return switch (positive) {
                case EQUALS -> subject.kind().orderedEquality
                        ? OrderedValues.compare(value, arguments.getFirst()) == 0
                        : value.equals(arguments.getFirst());
                case IN -> arguments.contains(value);
                case MATCHES -> pattern.matcher(value).matches();
                case GREATER_THAN -> OrderedValues.compare(value, arguments.getFirst()) > 0;
                case GREATER_THAN_EQUAL -> OrderedValues.compare(value, arguments.getFirst()) >= 0;
                case LESS_THAN -> OrderedValues.compare(value, arguments.getFirst()) < 0;
                case LESS_THAN_EQUAL -> OrderedValues.compare(value, arguments.getFirst()) <= 0;
                default -> throw new IllegalStateException("not a positive operator: " + positive);
            };
        }

        @Override
        public boolean dynamic() {
            return subject.kind().dynamic;
        }
    }
}
