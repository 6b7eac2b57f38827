package dev.gantry.placement;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gantry.placement.ExpressionLexer.Token;
import dev.gantry.placement.ExpressionLexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the cluster query language. Grammar (keywords case-insensitive):
 * <pre>
 * expression := and ( ("or" | "||") and )*
 * and        := unary ( ("and" | "&&") unary )*
 * unary      := ("not" | "!") unary | "(" expression ")" | comparison
 * comparison := subject operator [ value | "[" value ("," value)* "]" ]
 * </pre>
 * {@code and} binds tighter than {@code or}. Errors name the position and the expected token.
 *
 * <p>Bounds, so a request can never keep an API thread or the placement lock busy: the text is at
 * most {@link ConstraintExpression#MAX_LENGTH} characters, parentheses and {@code not} nest at most
 * {@link #MAX_DEPTH} deep (the parser and the evaluator recurse on them), and {@code =~} patterns
 * are compiled by RE2/J, which matches in time linear in the input: no catastrophic backtracking,
 * and no backreferences or lookaround (such a pattern is a syntax error).
 */
final class ExpressionParser {
    /** Far beyond any hand-written expression, far below what would exhaust a thread's stack. */
    static final int MAX_DEPTH = 32;

    private final ExpressionLexer lexer;
    private Token current;
    private int depth;

    private ExpressionParser(ExpressionLexer lexer) {
        this.lexer = lexer;
        this.current = lexer.next();
    }

    static Expression parse(String text) {
        if (text.length() > ConstraintExpression.MAX_LENGTH) {
            throw new ExpressionSyntaxException(ConstraintExpression.MAX_LENGTH,
                    "at most " + ConstraintExpression.MAX_LENGTH + " characters",
                    "Invalid expression: it has " + text.length() + " characters; the limit is "
                            + ConstraintExpression.MAX_LENGTH);
        }
        ExpressionParser parser = new ExpressionParser(new ExpressionLexer(text));
        Expression expression = parser.expression();
        Token last = parser.peek();
        if (last.type() != Type.END) {
            throw ExpressionSyntaxException.at(last.position(), "'and', 'or' or end of expression", last.describe());
        }
        return expression;
    }

    private Expression expression() {
        Expression left = conjunction();
        while (isKeyword("or", "||")) {
            advance();
            left = new Expression.Or(left, conjunction());
        }
        return left;
    }

    private Expression conjunction() {
        Expression left = unary();
        while (isKeyword("and", "&&")) {
            advance();
            left = new Expression.And(left, unary());
        }
        return left;
    }

    private Expression unary() {
        Token token = peek();
        if (isKeyword("not", "!")) {
            enter(token);
            advance();
            Expression negated = new Expression.Not(unary());
            depth--;
            return negated;
        }
        if (token.type() == Type.LEFT_PAREN) {
            enter(token);
            advance();
            Expression inner = expression();
            expect(Type.RIGHT_PAREN, "')'");
            depth--;
            return inner;
        }
        return comparison();
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionSyntaxException(token.position(), "at most " + MAX_DEPTH + " nested levels",
                    "Invalid expression at position " + token.position() + ": parentheses and 'not' nest more than "
                            + MAX_DEPTH + " levels deep");
        }
    }

    private Expression comparison() {
        Token subjectToken = peek();
        Subject subject = subjectToken.type() == Type.WORD ? Subject.parse(subjectToken.text()) : null;
        if (subject == null) {
            throw ExpressionSyntaxException.at(subjectToken.position(), Subject.EXPECTED, subjectToken.describe());
        }
        advance();
        Token operatorToken = peek();
        Operator operator = operatorToken.type() == Type.WORD || operatorToken.type() == Type.SYMBOL
                ? Operator.fromToken(operatorToken.text()).orElse(null) : null;
        if (operator == null || !subject.kind().allowed.contains(operator)) {
            throw ExpressionSyntaxException.at(operatorToken.position(), allowedOperators(subject),
                    operatorToken.describe());
        }
        advance();
        List<String> arguments = operator.unary() ? List.of()
                : operator.takesList() ? list() : List.of(value());
        return new Expression.Comparison(subject, operator, arguments, pattern(operator, operatorToken, arguments));
    }

    private List<String> list() {
        if (peek().type() != Type.LEFT_BRACKET) {
            return List.of(value());
        }
        advance();
        List<String> values = new ArrayList<>();
        values.add(value());
        while (peek().type() == Type.COMMA) {
            advance();
            values.add(value());
        }
        expect(Type.RIGHT_BRACKET, "',' or ']'");
        return List.copyOf(values);
    }

    private String value() {
        Token token = peek();
        if (token.type() != Type.WORD && token.type() != Type.STRING) {
            throw ExpressionSyntaxException.at(token.position(), "a value", token.describe());
        }
        advance();
        return token.text();
    }

    private static Pattern pattern(Operator operator, Token at, List<String> arguments) {
        if (operator != Operator.MATCHES && operator != Operator.NOT_MATCHES) {
            return null;
        }
        try {
            return Pattern.compile(arguments.getFirst());
        } catch (PatternSyntaxException e) {
            throw ExpressionSyntaxException.at(at.position() + at.text().length() + 1,
                    "a valid regular expression", "'" + arguments.getFirst() + "'");
        }
    }

    private static String allowedOperators(Subject subject) {
        return "an operator allowed on this subject (" + String.join(", ",
                subject.kind().allowed.stream().map(op -> op.symbol).toList()) + ")";
    }

    private boolean isKeyword(String word, String symbol) {
        Token token = peek();
        return (token.type() == Type.WORD && token.text().toLowerCase(Locale.ROOT).equals(word))
                || (token.type() == Type.SYMBOL && token.text().equals(symbol));
    }

    private void expect(Type type, String description) {
        Token token = peek();
        if (token.type() != type) {
            throw ExpressionSyntaxException.at(token.position(), description, token.describe());
        }
        advance();
    }

    private Token peek() {
        return current;
    }

    private void advance() {
        current = lexer.next();
    }
}
