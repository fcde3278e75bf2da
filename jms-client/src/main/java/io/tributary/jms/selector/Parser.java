package io.tributary.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a selector into an {@link Expr} tree by recursive descent, lowest precedence first:
 *
 * <pre>
 * selector       := or END                                  (must be a condition)
 * or             := and (OR and)*
 * and            := not (AND not)*
 * not            := NOT not | predicate
 * predicate      := additive [ comparison-op additive
 *                            | [NOT] BETWEEN additive AND additive
 *                            | [NOT] IN '(' string (',' string)* ')'
 *                            | [NOT] LIKE string [ESCAPE string]
 *                            | IS [NOT] NULL ]
 * additive       := multiplicative (('+' | '-') multiplicative)*
 * multiplicative := unary (('*' | '/') unary)*
 * unary          := ('+' | '-') unary | primary
 * primary        := literal | identifier | '(' or ')'
 * </pre>
 *
 * <p>Operators of one level group left to right. {@code IN}, {@code LIKE} and {@code IS NULL} take an identifier on
 * the left, as the specification writes them. Besides syntax, it rejects what no message could make valid: an
 * operand of the wrong kind (arithmetic on a string or boolean, ordering a string or boolean, comparing literals of
 * different kinds, a number as a condition) and a selector that is not a condition at all. NULL is no value: it
 * appears only in {@code IS [NOT] NULL}.
 */
final class Parser {

    private final String selector;
    private final List<Token> tokens;
    private int index;

    private Parser(String selector, List<Token> tokens) {
        this.selector = selector;
        this.tokens = tokens;
    }

    /** The tree of {@code selector}, which is neither null nor blank. */
    static Expr parse(String selector) throws InvalidSelectorException {
        Parser parser = new Parser(selector, Lexer.tokenize(selector));
        Token first = parser.peek();
        Expr expr = parser.or();
        parser.require(parser.peek().type() == TokenType.END, parser.peek(),
                "expected an operator or the end of the selector but found " + parser.peek().describe());
        parser.requireKind(expr, Kind.BOOLEAN, first, "the selector");
        return expr;
    }

    private Expr or() throws InvalidSelectorException {
        Expr left = and();
        while (peek().type() == TokenType.OR) {
            Token operator = advance();
            requireKind(left, Kind.BOOLEAN, operator, "the left operand of OR");
            Token start = peek();
            Expr right = and();
            requireKind(right, Kind.BOOLEAN, start, "the right operand of OR");
            left = new Expr.Or(left, right);
        }
        return left;
    }

    private Expr and() throws InvalidSelectorException {
        Expr left = not();
        while (peek().type() == TokenType.AND) {
            Token operator = advance();
            requireKind(left, Kind.BOOLEAN, operator, "the left operand of AND");
            Token start = peek();
            Expr right = not();
            requireKind(right, Kind.BOOLEAN, start, "the right operand of AND");
            left = new Expr.And(left, right);
        }
        return left;
    }

    private Expr not() throws InvalidSelectorException {
        if (peek().type() != TokenType.NOT) {
            return predicate();
        }
        advance();
        Token start = peek();
        Expr operand = not();
        requireKind(operand, Kind.BOOLEAN, start, "the operand of NOT");
        return new Expr.Not(operand);
    }

    private Expr predicate() throws InvalidSelectorException {
        Token start = peek();
        Expr left = additive();
        Token operator = peek();
        ComparisonOperator comparison = comparisonOperator(operator.type());
        if (comparison != null) {
            advance();
            Token rightStart = peek();
            Expr right = additive();
            return comparison(comparison, left, start, right, rightStart);
        }
        boolean negated = operator.type() == TokenType.NOT;
        Token keyword = negated ? peekAfterNot() : operator;
        switch (keyword.type()) {
            case BETWEEN:
                return between(left, start, negated);
            case IN:
                return in(identifier(left, start, "IN"), negated);
            case LIKE:
                return like(identifier(left, start, "LIKE"), negated);
            case IS:
                return isNull(identifier(left, start, "IS NULL"));
            default:
                require(!negated, keyword, "expected BETWEEN, IN or LIKE after NOT but found " + keyword.describe());
                return left;
        }
    }

    /** The token after a NOT standing at the current position (a NOT there is part of NOT BETWEEN/IN/LIKE). */
    private Token peekAfterNot() {
        return tokens.get(index + 1);
    }

    private Expr comparison(ComparisonOperator operator, Expr left, Token leftStart, Expr right, Token rightStart)
            throws InvalidSelectorException {
        if (operator.orders()) {
            requireKind(left, Kind.NUMERIC, leftStart, "the left operand of " + operator.symbol());
            requireKind(right, Kind.NUMERIC, rightStart, "the right operand of " + operator.symbol());
        } else if (left.kind() != Kind.ANY && right.kind() != Kind.ANY && left.kind() != right.kind()) {
            throw SyntaxErrors.at(selector, leftStart.position(), left.kind().description() + " cannot be compared with "
                    + right.kind().description());
        }
        return new Expr.Comparison(operator, left, right);
    }

    private Expr between(Expr value, Token valueStart, boolean negated) throws InvalidSelectorException {
        skipNot(negated);
        advance();
        requireKind(value, Kind.NUMERIC, valueStart, "the value tested by BETWEEN");
        Token lowStart = peek();
        Expr low = additive();
        requireKind(low, Kind.NUMERIC, lowStart, "the lower bound of BETWEEN");
        expect(TokenType.AND, "AND between the bounds of BETWEEN");
        Token highStart = peek();
        Expr high = additive();
        requireKind(high, Kind.NUMERIC, highStart, "the upper bound of BETWEEN");
        return new Expr.Between(value, low, high, negated);
    }

    private Expr in(Expr.Identifier identifier, boolean negated) throws InvalidSelectorException {
        skipNot(negated);
        advance();
        expect(TokenType.LEFT_PAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add(expect(TokenType.STRING, "a string literal in the IN list").value());
        } while (accept(TokenType.COMMA));
        expect(TokenType.RIGHT_PAREN, "',' or ')' in the IN list");
        return new Expr.In(identifier, Set.copyOf(values), negated);
    }

    private Expr like(Expr.Identifier identifier, boolean negated) throws InvalidSelectorException {
        skipNot(negated);
        advance();
        Token pattern = expect(TokenType.STRING, "a string literal pattern after LIKE");
        int escape = -1;
        if (accept(TokenType.ESCAPE)) {
            Token escapeToken = expect(TokenType.STRING, "a string literal after ESCAPE");
            String text = escapeToken.value();
            require(!text.isEmpty() && text.codePointCount(0, text.length()) == 1, escapeToken,
                    "the ESCAPE literal must be a single character");
            escape = text.codePointAt(0);
        }
        try {
            return new Expr.Like(identifier, LikePattern.compile(pattern.value(), escape), negated);
        } catch (IllegalArgumentException e) {
            throw SyntaxErrors.at(selector, pattern.position(), e.getMessage());
        }
    }

    private Expr isNull(Expr.Identifier identifier) throws InvalidSelectorException {
        advance();
        boolean negated = accept(TokenType.NOT);
        expect(TokenType.NULL, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
        return new Expr.IsNull(identifier, negated);
    }

    private Expr additive() throws InvalidSelectorException {
        Token start = peek();
        Expr left = multiplicative();
        while (peek().type() == TokenType.PLUS || peek().type() == TokenType.MINUS) {
            ArithmeticOperator operator =
                    advance().type() == TokenType.PLUS ? ArithmeticOperator.ADD : ArithmeticOperator.SUBTRACT;
            Token rightStart = peek();
            Expr right = multiplicative();
            left = arithmetic(operator, left, start, right, rightStart);
        }
        return left;
    }

    private Expr multiplicative() throws InvalidSelectorException {
        Token start = peek();
        Expr left = unary();
        while (peek().type() == TokenType.TIMES || peek().type() == TokenType.DIVIDE) {
            ArithmeticOperator operator =
                    advance().type() == TokenType.TIMES ? ArithmeticOperator.MULTIPLY : ArithmeticOperator.DIVIDE;
            Token rightStart = peek();
            Expr right = unary();
            left = arithmetic(operator, left, start, right, rightStart);
        }
        return left;
    }

    private Expr arithmetic(ArithmeticOperator operator, Expr left, Token leftStart, Expr right, Token rightStart)
            throws InvalidSelectorException {
        requireKind(left, Kind.NUMERIC, leftStart, "the left operand of " + operator.symbol());
        requireKind(right, Kind.NUMERIC, rightStart, "the right operand of " + operator.symbol());
        return new Expr.Arithmetic(operator, left, right);
    }

    private Expr unary() throws InvalidSelectorException {
        TokenType type = peek().type();
        if (type != TokenType.PLUS && type != TokenType.MINUS) {
            return primary();
        }
        Token sign = advance();
        if (type == TokenType.MINUS && peek().type() == TokenType.EXACT_NUMBER) {
            // Folded so that -9223372036854775808 (Long.MIN_VALUE) is readable, as in Java.
            return exactLiteral(advance(), true);
        }
        Token start = peek();
        Expr operand = unary();
        requireKind(operand, Kind.NUMERIC, start, "the operand of unary " + sign.text());
        return type == TokenType.MINUS ? new Expr.Negate(operand) : operand;
    }

    private Expr primary() throws InvalidSelectorException {
        Token token = advance();
        switch (token.type()) {
            case STRING:
                return new Expr.Literal(token.value(), Kind.STRING);
            case EXACT_NUMBER:
                return exactLiteral(token, false);
            case APPROXIMATE_NUMBER:
                try {
                    return new Expr.Literal(NumericLiteral.approximate(token.text()), Kind.NUMERIC);
                } catch (IllegalArgumentException e) {
                    throw SyntaxErrors.at(selector, token.position(), e.getMessage());
                }
            case TRUE:
                return new Expr.Literal(Boolean.TRUE, Kind.BOOLEAN);
            case FALSE:
                return new Expr.Literal(Boolean.FALSE, Kind.BOOLEAN);
            case IDENTIFIER:
                return new Expr.Identifier(token.text());
            case LEFT_PAREN:
                Expr inner = or();
                expect(TokenType.RIGHT_PAREN, "')'");
                return inner;
            case NULL:
                throw SyntaxErrors.at(selector, token.position(),
                        "NULL is not a value; test for it with IS NULL or IS NOT NULL");
            default:
                throw SyntaxErrors.at(selector, token.position(), "expected a literal, an identifier or '(' but found "
                        + token.describe() + (isReservedWord(token) ? " (a reserved word, not an identifier)" : ""));
        }
    }

    private Expr exactLiteral(Token token, boolean negated) throws InvalidSelectorException {
        try {
            return new Expr.Literal(NumericLiteral.exact(token.text(), negated), Kind.NUMERIC);
        } catch (IllegalArgumentException e) {
            throw SyntaxErrors.at(selector, token.position(), e.getMessage());
        }
    }

    private Expr.Identifier identifier(Expr left, Token start, String operator) throws InvalidSelectorException {
        if (left instanceof Expr.Identifier identifier) {
            return identifier;
        }
        throw SyntaxErrors.at(selector, start.position(), operator + " applies to an identifier only");
    }

    private static ComparisonOperator comparisonOperator(TokenType type) {
        return switch (type) {
            case EQUAL -> ComparisonOperator.EQUAL;
            case NOT_EQUAL -> ComparisonOperator.NOT_EQUAL;
            case LESS -> ComparisonOperator.LESS;
            case LESS_OR_EQUAL -> ComparisonOperator.LESS_OR_EQUAL;
            case GREATER -> ComparisonOperator.GREATER;
            case GREATER_OR_EQUAL -> ComparisonOperator.GREATER_OR_EQUAL;
            default -> null;
        };
    }

    private static boolean isReservedWord(Token token) {
        return switch (token.type()) {
            case NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE -> true;
            default -> false;
        };
    }

    private void requireKind(Expr expr, Kind wanted, Token start, String what) throws InvalidSelectorException {
        if (!expr.kind().fits(wanted)) {
            throw SyntaxErrors.at(selector, start.position(),
                    what + " must be " + wanted.description() + ", not " + expr.kind().description());
        }
    }

    private void require(boolean condition, Token at, String problem) throws InvalidSelectorException {
        if (!condition) {
            throw SyntaxErrors.at(selector, at.position(), problem);
        }
    }

    private void skipNot(boolean negated) {
        if (negated) {
            advance();
        }
    }

    private Token expect(TokenType type, String what) throws InvalidSelectorException {
        Token token = peek();
        require(token.type() == type, token, "expected " + what + " but found " + token.describe());
        return advance();
    }

    private boolean accept(TokenType type) {
        if (peek().type() == type) {
            advance();
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.type() != TokenType.END) {
            index++;
        }
        return token;
    }
}
