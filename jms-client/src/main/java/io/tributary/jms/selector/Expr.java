package io.tributary.jms.selector;

import java.util.Set;
import java.util.function.Function;

/**
 * A parsed selector expression: a tree built once by {@link Parser} and evaluated per message. Evaluation answers a
 * value — Boolean.TRUE, Boolean.FALSE, a Long or Double from arithmetic, a literal or an identifier's value — or null
 * for NULL/UNKNOWN; it never throws for any value a lookup answers.
 */
sealed interface Expr {

    /** The value of this expression for the message {@code identifiers} describes. */
    Object evaluate(Function<String, Object> identifiers);

    /** What the expression is known to yield before any message is seen. */
    Kind kind();

    /** A string, exact (Long), approximate (Double) or boolean literal. */
    record Literal(Object value, Kind kind) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return value;
        }
    }

    /** A header field or property reference; a missing one is null. */
    record Identifier(String name) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return identifiers.apply(name);
        }

        @Override
        public Kind kind() {
            return Kind.ANY;
        }
    }

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return Values.negate(operand.evaluate(identifiers));
        }

        @Override
        public Kind kind() {
            return Kind.NUMERIC;
        }
    }

    /** {@code + - * /}. */
    record Arithmetic(ArithmeticOperator operator, Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return Values.arithmetic(operator, left.evaluate(identifiers), right.evaluate(identifiers));
        }

        @Override
        public Kind kind() {
            return Kind.NUMERIC;
        }
    }

    /** {@code = <> < <= > >=}. */
    record Comparison(ComparisonOperator operator, Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return Values.compare(operator, left.evaluate(identifiers), right.evaluate(identifiers));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /**
     * {@code value [NOT] BETWEEN low AND high}, evaluated as the specification defines it: {@code value >= low AND
     * value <= high}, or {@code value < low OR value > high} when negated.
     */
    record Between(Expr value, Expr low, Expr high, boolean negated) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            Object v = value.evaluate(identifiers);
            Object lo = low.evaluate(identifiers);
            Object hi = high.evaluate(identifiers);
            if (negated) {
                return Logic.or(Values.compare(ComparisonOperator.LESS, v, lo),
                        Values.compare(ComparisonOperator.GREATER, v, hi));
            }
            return Logic.and(Values.compare(ComparisonOperator.GREATER_OR_EQUAL, v, lo),
                    Values.compare(ComparisonOperator.LESS_OR_EQUAL, v, hi));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /**
     * {@code identifier [NOT] IN ('a', ...)}: UNKNOWN for a null identifier; like the specification's equivalent
     * {@code [NOT] (identifier = 'a' OR ...)}, a non-string value makes IN FALSE and NOT IN TRUE.
     */
    record In(Identifier identifier, Set<String> values, boolean negated) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            Object v = identifier.evaluate(identifiers);
            if (v == null) {
                return null;
            }
            return (v instanceof String s && values.contains(s)) != negated;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /**
     * {@code identifier [NOT] LIKE pattern [ESCAPE c]}: UNKNOWN for a null identifier; a non-string value is not of
     * like type, so LIKE is FALSE and NOT LIKE (its negation) TRUE.
     */
    record Like(Identifier identifier, LikePattern pattern, boolean negated) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            Object v = identifier.evaluate(identifiers);
            if (v == null) {
                return null;
            }
            return (v instanceof String s && pattern.matches(s)) != negated;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code identifier IS [NOT] NULL}: never UNKNOWN. */
    record IsNull(Identifier identifier, boolean negated) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return (identifier.evaluate(identifiers) == null) != negated;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code NOT operand}. */
    record Not(Expr operand) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            return Values.not(Values.truth(operand.evaluate(identifiers)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code left AND right}; the right side is not evaluated once the left is FALSE. */
    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            Boolean l = Values.truth(left.evaluate(identifiers));
            if (Boolean.FALSE.equals(l)) {
                return Boolean.FALSE;
            }
            return Logic.and(l, Values.truth(right.evaluate(identifiers)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code left OR right}; the right side is not evaluated once the left is TRUE. */
    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(Function<String, Object> identifiers) {
            Boolean l = Values.truth(left.evaluate(identifiers));
            if (Boolean.TRUE.equals(l)) {
                return Boolean.TRUE;
            }
            return Logic.or(l, Values.truth(right.evaluate(identifiers)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }
}
