package io.tributary.jms.selector;

/**
 * The run-time rules of section 3.8.1: SQL three-valued logic (Boolean.TRUE, Boolean.FALSE and null for UNKNOWN),
 * arithmetic and comparison over the property types (String, Boolean, Byte, Short, Integer, Long, Float, Double).
 * Any other type a lookup answers is like none of these.
 */
final class Values {

    private Values() {
    }

    /** A value used as a condition: a Boolean is itself; null, or a value of any other type, is UNKNOWN. */
    static Boolean truth(Object value) {
        return value instanceof Boolean b ? b : null;
    }

    /** SQL's three-valued NOT (table 3-6): UNKNOWN stays UNKNOWN. */
    static Boolean not(Boolean value) {
        return value == null ? null : !value;
    }

    static boolean isExact(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    static boolean isApproximate(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    /** {@code -value}; UNKNOWN (null) when it is null or not a number. */
    static Object negate(Object value) {
        if (isExact(value)) {
            return -((Number) value).longValue();
        }
        if (isApproximate(value)) {
            return -((Number) value).doubleValue();
        }
        return null;
    }

    /** {@code left op right}; UNKNOWN (null) when either is null or not a number, or on division by zero. */
    static Object arithmetic(ArithmeticOperator op, Object left, Object right) {
        if (isExact(left) && isExact(right)) {
            return op.apply(((Number) left).longValue(), ((Number) right).longValue());
        }
        if ((isExact(left) || isApproximate(left)) && (isExact(right) || isApproximate(right))) {
            return op.apply(((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        return null;
    }

    /**
     * {@code left op right}: UNKNOWN if either is null; FALSE if they are not of like type (two numbers are alike) or
     * if {@code op} orders strings or booleans.
     */
    static Boolean compare(ComparisonOperator op, Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        if (isExact(left) && isExact(right)) {
            return op.test(((Number) left).longValue(), ((Number) right).longValue());
        }
        boolean leftNumeric = isExact(left) || isApproximate(left);
        boolean rightNumeric = isExact(right) || isApproximate(right);
        if (leftNumeric && rightNumeric) {
            return op.test(((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        if (op.orders() || leftNumeric || rightNumeric) {
            return Boolean.FALSE;
        }
        if ((left instanceof String && right instanceof String) || (left instanceof Boolean && right instanceof Boolean)) {
            return op.testEquality(left.equals(right));
        }
        return Boolean.FALSE;
    }
}
