package dev.gantry.placement;

import java.util.List;

/**
 * Splits an expression into tokens. Bare words run until whitespace, a bracket, a comma, a quote or
 * an operator character ({@code = ! < > & |}); a value containing those must be quoted with
 * {@code '} or {@code "}. Parentheses are never part of a word, which is why a single comparison
 * cannot contain them (as the ECS guide says).
 */
final class ExpressionLexer {

    enum Type { WORD, STRING, SYMBOL, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, END }

    record Token(Type type, String text, int position) {
        String describe() {
            return type == Type.END ? "end of expression" : "'" + text + "'";
        }
    }

    /** Longest first, so {@code !exists} wins over {@code !} and {@code >=} over {@code >}. */
    private static final List<String> SYMBOLS = List.of(
            "!exists", "!in", "==", "!=", ">=", "<=", "=~", "!~", "&&", "||", ">", "<", "!");
    private static final String WORD_STOPS = "()[],'\"=!<>&|";

    private final String text;
    private int position;

    ExpressionLexer(String text) {
        this.text = text;
    }

    /** The next token; lexing is lazy so the leftmost error, lexical or grammatical, is the one reported. */
    Token next() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        if (position >= text.length()) {
            return new Token(Type.END, "", position);
        }
        char c = text.charAt(position);
        Type punctuation = switch (c) {
            case '(' -> Type.LEFT_PAREN;
            case ')' -> Type.RIGHT_PAREN;
            case '[' -> Type.LEFT_BRACKET;
            case ']' -> Type.RIGHT_BRACKET;
            case ',' -> Type.COMMA;
            default -> null;
        };
        if (punctuation != null) {
            return new Token(punctuation, String.valueOf(c), position++);
        }
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        if (WORD_STOPS.indexOf(c) >= 0) {
            return symbol();
        }
        return word();
    }

    private Token quoted(char quote) {
        int start = position;
        int end = text.indexOf(quote, start + 1);
        if (end < 0) {
            throw ExpressionSyntaxException.at(text.length(), "closing " + quote, "end of expression");
        }
        position = end + 1;
        return new Token(Type.STRING, text.substring(start + 1, end), start);
    }

    private Token symbol() {
        int start = position;
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, start) && !wordSymbolRunsOn(symbol, start)) {
                position += symbol.length();
                return new Token(Type.SYMBOL, symbol, start);
            }
        }
        throw ExpressionSyntaxException.at(start, "an operator", "'" + text.charAt(start) + "'");
    }

    /** {@code !exists}/{@code !in} are operators only as whole words: {@code !inside} is not {@code !in}. */
    private boolean wordSymbolRunsOn(String symbol, int start) {
        int after = start + symbol.length();
        return Character.isLetter(symbol.charAt(symbol.length() - 1)) && after < text.length()
                && isWordChar(text.charAt(after));
    }

    private Token word() {
        int start = position;
        while (position < text.length() && isWordChar(text.charAt(position))) {
            position++;
        }
        return new Token(Type.WORD, text.substring(start, position), start);
    }

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && WORD_STOPS.indexOf(c) < 0;
    }
}
