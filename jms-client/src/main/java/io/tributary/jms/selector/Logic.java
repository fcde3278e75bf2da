package io.tributary.jms.selector;

/**
 * SQL's three-valued AND and OR (Jakarta Messaging 3.1, tables 3-4 and 3-5), with null for UNKNOWN: FALSE decides an
 * AND and TRUE decides an OR whatever the other side is; otherwise UNKNOWN on either side makes the result UNKNOWN.
 */
final class Logic {

    private Logic() {
    }

    static Boolean and(Boolean left, Boolean right) {
        if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
            return Boolean.FALSE;
        }
        return left == null || right == null ? null : Boolean.TRUE;
    }

    static Boolean or(Boolean left, Boolean right) {
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return Boolean.TRUE;
        }
        return left == null || right == null ? null : Boolean.FALSE;
    }
}
