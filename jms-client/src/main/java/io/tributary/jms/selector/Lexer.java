package io.tributary.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a selector into {@link Token}s (Jakarta Messaging 3.1, section 3.8.1.1): string literals in single quotes
 * ({@code ''} is a quote), numeric literals in Java's literal syntax (checked by {@link NumericLiteral} when parsed),
 * Java identifiers, the reserved words (case-insensitive) and the operators. Whitespace is Java's: space, horizontal
 * tab, form feed and line terminators.
 */
final class Lexer {

    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            Map.entry("TRUE", TokenType.TRUE),
            Map.entry("FALSE", TokenType.FALSE),
            Map.entry("NULL", TokenType.NULL),
            Map.entry("NOT", TokenType.NOT),
            Map.entry("AND", TokenType.AND),
            Map.entry("OR", TokenType.OR),
            Map.entry("BETWEEN", TokenType.BETWEEN),
            Map.entry("LIKE", TokenType.LIKE),
            Map.entry("IN", TokenType.IN),
            Map.entry("IS", TokenType.IS),
            Map.entry("ESCAPE", TokenType.ESCAPE));

    private final String selector;
    private int pos;

    private Lexer(String selector) {
        this.selector = selector;
    }

    /** The tokens of {@code selector}, ending with an {@link TokenType#END} token. */
    static List<Token> tokenize(String selector) throws InvalidSelectorException {
        Lexer lexer = new Lexer(selector);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.type() != TokenType.END);
        return tokens;
    }

    private Token next() throws InvalidSelectorException {
        skipWhitespace();
        if (pos == selector.length()) {
            return new Token(TokenType.END, "", null, pos);
        }
        int start = pos;
        char c = selector.charAt(pos);
        if (c == '\'') {
            return string(start);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < selector.length() && isDigit(selector.charAt(pos + 1)))) {
            return number(start);
        }
        int codePoint = selector.codePointAt(pos);
        if (Character.isJavaIdentifierStart(codePoint)) {
            return word(start);
        }
        switch (c) {
            case '=': return symbol(TokenType.EQUAL, 1);
            case '+': return symbol(TokenType.PLUS, 1);
            case '-': return symbol(TokenType.MINUS, 1);
            case '*': return symbol(TokenType.TIMES, 1);
            case '/': return symbol(TokenType.DIVIDE, 1);
            case '(': return symbol(TokenType.LEFT_PAREN, 1);
            case ')': return symbol(TokenType.RIGHT_PAREN, 1);
            case ',': return symbol(TokenType.COMMA, 1);
            case '<':
                if (lookingAt("<>")) {
                    return symbol(TokenType.NOT_EQUAL, 2);
                }
                return lookingAt("<=") ? symbol(TokenType.LESS_OR_EQUAL, 2) : symbol(TokenType.LESS, 1);
            case '>':
                return lookingAt(">=") ? symbol(TokenType.GREATER_OR_EQUAL, 2) : symbol(TokenType.GREATER, 1);
            default:
                throw SyntaxErrors.at(selector, start, "unexpected character '" + new String(Character.toChars(codePoint))
                        + "'");
        }
    }

    private void skipWhitespace() {
        while (pos < selector.length()) {
            char c = selector.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean lookingAt(String text) {
        return selector.startsWith(text, pos);
    }

    private Token symbol(TokenType type, int length) {
        Token token = new Token(type, selector.substring(pos, pos + length), null, pos);
        pos += length;
        return token;
    }

    private Token string(int start) throws InvalidSelectorException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos == selector.length()) {
                throw SyntaxErrors.at(selector, start, "unterminated string literal");
            }
            char c = selector.charAt(pos++);
            if (c == '\'') {
                if (pos < selector.length() && selector.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return new Token(TokenType.STRING, selector.substring(start, pos), value.toString(), start);
                }
            } else {
                value.append(c);
            }
        }
    }

    /**
     * Reads the longest run that could be a Java numeric literal: letters, digits, underscores and points, and a sign
     * right after an exponent marker ({@code e} in a decimal literal, {@code p} in a hexadecimal one).
     */
    private Token number(int start) {
        boolean hex = lookingAt("0x") || lookingAt("0X");
        while (pos < selector.length()) {
            char c = selector.charAt(pos);
            boolean exponentSign = (c == '+' || c == '-') && isExponentMarker(selector.charAt(pos - 1), hex);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign)) {
                break;
            }
            pos++;
        }
        String text = selector.substring(start, pos);
        TokenType type = NumericLiteral.isExact(text) ? TokenType.EXACT_NUMBER : TokenType.APPROXIMATE_NUMBER;
        return new Token(type, text, null, start);
    }

    private static boolean isExponentMarker(char c, boolean hex) {
        return hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E';
    }

    private Token word(int start) {
        pos += Character.charCount(selector.codePointAt(pos));
        while (pos < selector.length() && Character.isJavaIdentifierPart(selector.codePointAt(pos))) {
            pos += Character.charCount(selector.codePointAt(pos));
        }
        String text = selector.substring(start, pos);
        TokenType keyword = isAscii(text) ? KEYWORDS.get(text.toUpperCase(Locale.ROOT)) : null;
        return new Token(keyword == null ? TokenType.IDENTIFIER : keyword, text, null, start);
    }

    /** Keywords are ASCII: "ın" (dotless i) upper-cases to "IN" but is an identifier. */
    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
